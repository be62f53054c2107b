import type { MemberType, OrganizationKind, OrganizationStatus } from '@app/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: OrganizationKind;

  @Column({ name: 'legal_name', type: 'text' })
  legalName!: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ type: 'text' })
  status!: OrganizationStatus;

  @Column({ name: 'member_type', type: 'text', nullable: true })
  memberType!: MemberType | null;

  /** Members only: whether its information-sharing registration is current. */
  @Column({ name: 'sharing_registration_current', type: 'boolean', nullable: true })
  sharingRegistrationCurrent!: boolean | null;

  /** Members only: name this organization in law-enforcement packages (else "coalition member"). */
  @Column({ name: 'named_in_dispatches', type: 'boolean', default: false })
  namedInDispatches!: boolean;

  /** Fictitious records created by the demo seed. */
  @Column({ name: 'is_demo', type: 'boolean', default: false })
  isDemo!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
