import type { Sealed } from '@app/common';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** An organization's OpenID Connect provider, as stored (the secret sealed). */
export interface SsoSettingsRow {
  organizationId: string;
  issuer: string;
  clientId: string;
  clientSecret: Sealed;
  required: boolean;
  mfaAcrValues: string[];
  updatedAt: Date;
}

export interface NewSsoAuthorization {
  id: string;
  stateHash: string;
  organizationId: string;
  issuer: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: Date;
}

export type SpentSsoAuthorization = Pick<
  NewSsoAuthorization,
  'id' | 'organizationId' | 'issuer' | 'nonce' | 'codeVerifier'
>;

interface SettingsSqlRow {
  organization_id: string;
  issuer: string;
  client_id: string;
  client_secret: Sealed;
  required: boolean;
  mfa_acr_values: string[];
  updated_at: Date;
}

const SETTINGS_COLUMNS = `s.organization_id, s.issuer, s.client_id, s.client_secret, s.required,
  s.mfa_acr_values, s.updated_at`;

function toSettings(row: SettingsSqlRow): SsoSettingsRow {
  return {
    organizationId: row.organization_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: row.client_secret,
    required: row.required,
    mfaAcrValues: row.mfa_acr_values,
    updatedAt: row.updated_at,
  };
}

/**
 * Single sign-on: each organization's provider, the sign-ins under way, the
 * one-time handoffs to the console and the (issuer, subject) links. Not read
 * through a caller's scope: the settings routes reach the organization through
 * AccessService first, and the sign-in flow has no caller yet.
 */
@Injectable()
export class SsoRepository {
  async settingsOf(tx: Tx, organizationId: string): Promise<SsoSettingsRow | null> {
    const rows: SettingsSqlRow[] = await managerOf(tx).query(
      `SELECT ${SETTINGS_COLUMNS} FROM organization_sso s WHERE s.organization_id = $1`,
      [organizationId],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }

  /** The provider of the organization the e-mail domain is registered to. */
  async settingsForDomain(tx: Tx, domain: string): Promise<SsoSettingsRow | null> {
    const rows: SettingsSqlRow[] = await managerOf(tx).query(
      `SELECT ${SETTINGS_COLUMNS} FROM organization_sso s
         JOIN organization_email_domains d ON d.organization_id = s.organization_id
        WHERE d.domain = $1`,
      [domain],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async save(tx: Tx, row: Omit<SsoSettingsRow, 'updatedAt'>): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO organization_sso
         (organization_id, issuer, client_id, client_secret, required, mfa_acr_values)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (organization_id) DO UPDATE SET issuer = EXCLUDED.issuer,
         client_id = EXCLUDED.client_id, client_secret = EXCLUDED.client_secret,
         required = EXCLUDED.required, mfa_acr_values = EXCLUDED.mfa_acr_values,
         updated_at = now()`,
      [
        row.organizationId,
        row.issuer,
        row.clientId,
        JSON.stringify(row.clientSecret),
        row.required,
        row.mfaAcrValues,
      ],
    );
  }

  async remove(tx: Tx, organizationId: string): Promise<boolean> {
    const [, count] = await managerOf(tx).query<[unknown[], number]>(
      `DELETE FROM organization_sso WHERE organization_id = $1`,
      [organizationId],
    );
    return count > 0;
  }

  /** Whether the organization's people must sign in through its provider. */
  async isRequired(tx: Tx, organizationId: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(tx).query(
      `SELECT 1 FROM organization_sso WHERE organization_id = $1 AND required`,
      [organizationId],
    );
    return rows.length > 0;
  }

  async insertAuthorization(tx: Tx, row: NewSsoAuthorization): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO sso_authorizations
         (id, state_hash, organization_id, issuer, nonce, code_verifier, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.id,
        row.stateHash,
        row.organizationId,
        row.issuer,
        row.nonce,
        row.codeVerifier,
        row.expiresAt,
      ],
    );
  }

  /**
   * Spend the sign-in started with this state: one statement, so of two
   * callbacks presenting the same state exactly one gets it. Null when the
   * state is unknown, expired or already spent.
   */
  async spendAuthorization(tx: Tx, stateHash: string): Promise<SpentSsoAuthorization | null> {
    const [rows] = await managerOf(tx).query<
      [
        {
          id: string;
          organization_id: string;
          issuer: string;
          nonce: string;
          code_verifier: string;
        }[],
        number,
      ]
    >(
      `UPDATE sso_authorizations SET used_at = now()
        WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING id, organization_id, issuer, nonce, code_verifier`,
      [stateHash],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          organizationId: row.organization_id,
          issuer: row.issuer,
          nonce: row.nonce,
          codeVerifier: row.code_verifier,
        }
      : null;
  }

  async insertHandoff(
    tx: Tx,
    row: { codeHash: string; userId: string; mfaAsserted: boolean; expiresAt: Date },
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO sso_handoffs (code_hash, user_id, mfa_asserted, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [row.codeHash, row.userId, row.mfaAsserted, row.expiresAt],
    );
  }

  /** A live handoff, locked until commit; null when unknown, expired or spent. */
  async lockHandoff(
    tx: Tx,
    codeHash: string,
  ): Promise<{ userId: string; mfaAsserted: boolean } | null> {
    const rows: { user_id: string; mfa_asserted: boolean }[] = await managerOf(tx).query(
      `SELECT user_id, mfa_asserted FROM sso_handoffs
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() FOR UPDATE`,
      [codeHash],
    );
    return rows[0] ? { userId: rows[0].user_id, mfaAsserted: rows[0].mfa_asserted } : null;
  }

  async spendHandoff(tx: Tx, codeHash: string): Promise<void> {
    await managerOf(tx).query(`UPDATE sso_handoffs SET used_at = now() WHERE code_hash = $1`, [
      codeHash,
    ]);
  }

  async identity(
    tx: Tx,
    issuer: string,
    subject: string,
  ): Promise<{ userId: string; organizationId: string } | null> {
    const rows: { user_id: string; organization_id: string }[] = await managerOf(tx).query(
      `SELECT user_id, organization_id FROM user_identities WHERE issuer = $1 AND subject = $2`,
      [issuer, subject],
    );
    return rows[0] ? { userId: rows[0].user_id, organizationId: rows[0].organization_id } : null;
  }

  /** Whether the account is already linked to some identity (any issuer). */
  async isLinked(tx: Tx, userId: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(tx).query(
      `SELECT 1 FROM user_identities WHERE user_id = $1`,
      [userId],
    );
    return rows.length > 0;
  }

  async link(
    tx: Tx,
    row: { issuer: string; subject: string; userId: string; organizationId: string },
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO user_identities (issuer, subject, user_id, organization_id)
       VALUES ($1, $2, $3, $4)`,
      [row.issuer, row.subject, row.userId, row.organizationId],
    );
  }
}
