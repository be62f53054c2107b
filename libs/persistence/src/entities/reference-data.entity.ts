import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { SealedField } from './referral.entity';

export type TriState = 'yes' | 'no' | 'unknown';

/** A country's CSAM legislation as recorded by administrators (never shipped as fact). */
@Entity({ name: 'jurisdictions' })
export class JurisdictionEntity {
  /** ISO 3166-1 alpha-2. */
  @PrimaryColumn({ type: 'char', length: 2 }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'csam_specific_law', type: 'text' }) csamSpecificLaw!: TriState;
  @Column({ name: 'csam_defined', type: 'text' }) csamDefined!: TriState;
  @Column({ name: 'technology_facilitated_offences', type: 'text' })
  technologyFacilitatedOffences!: TriState;
  @Column({ name: 'simple_possession_criminalised', type: 'text' })
  simplePossessionCriminalised!: TriState;
  @Column({ name: 'isp_reporting_required', type: 'text' }) ispReportingRequired!: TriState;
  @Column({ name: 'source_edition', type: 'text', nullable: true }) sourceEdition!: string | null;
  @Column({ name: 'reviewed_on', type: 'date', nullable: true }) reviewedOn!: string | null;
  @Column({ type: 'boolean' }) hotline!: boolean;
  @Column({ name: 'is_demo', type: 'boolean', default: false }) isDemo!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}

export type AgencyChannel = 'portal' | 'webhook';

/** The routing face of a law-enforcement organization: what it covers and how it receives. */
@Entity({ name: 'agencies' })
export class AgencyEntity {
  @PrimaryColumn('uuid') id!: string;
  /** The law-enforcement organization whose liaisons work this agency's dispatches. */
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', array: true }) channels!: AgencyChannel[];
  @Column({ name: 'webhook_url', type: 'text', nullable: true }) webhookUrl!: string | null;
  /** HMAC key of webhook signatures, sealed at rest; never returned once set. */
  @Column({ name: 'webhook_secret', type: 'jsonb', nullable: true })
  webhookSecret!: SealedField | null;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail!: string | null;
  @Column({ name: 'contact_phone', type: 'text', nullable: true }) contactPhone!: string | null;
  @Column({ name: 'is_fallback', type: 'boolean' }) isFallback!: boolean;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ name: 'is_demo', type: 'boolean', default: false }) isDemo!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}

@Entity({ name: 'agency_coverage' })
export class AgencyCoverageEntity {
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' }) agencyId!: string;
  @PrimaryColumn({ name: 'jurisdiction_code', type: 'char', length: 2 }) jurisdictionCode!: string;
}
