import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A domain at which an organization's accounts have their addresses. The
 * domain is the primary key, so it belongs to one organization at most.
 */
@Entity({ name: 'organization_email_domains' })
export class OrganizationEmailDomainEntity {
  /** Lower-case ASCII, IDN labels as punycode (registrableEmailDomain). */
  @PrimaryColumn('text')
  domain!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
