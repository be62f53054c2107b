import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed statement of the audit chain's head: "position `chainSeq` had hash
 * `hash` at `signedAt`". Append-only (a trigger refuses UPDATE and DELETE).
 * The public key is stored with it so anyone can check it without a secret.
 */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpointEntity {
  /** Defaults to gen_random_uuid() in the database (not TypeORM's uuid-ossp generation). */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'chain_seq', type: 'bigint' })
  chainSeq!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'text' })
  algorithm!: 'Ed25519';

  /** Ed25519 signature (base64) of canonical JSON `{"hash":…,"seq":…,"signedAt":…}`. */
  @Column({ type: 'text' })
  signature!: string;

  @Column({ name: 'public_key_pem', type: 'text' })
  publicKeyPem!: string;

  /** SHA-256 (hex) of the DER SubjectPublicKeyInfo. */
  @Column({ name: 'public_key_fingerprint', type: 'text' })
  publicKeyFingerprint!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** A request for a checkpoint now (the API writes it, the worker fulfils it). */
@Entity({ name: 'audit_checkpoint_requests' })
export class AuditCheckpointRequestEntity {
  /** Defaults to gen_random_uuid() in the database (not TypeORM's uuid-ossp generation). */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'fulfilled_at', type: 'timestamptz', nullable: true })
  fulfilledAt!: Date | null;

  @Column({ name: 'checkpoint_id', type: 'uuid', nullable: true })
  checkpointId!: string | null;
}
