import {
  DEFAULT_PAP,
  DEFAULT_TLP,
  requiresNamedRecipients,
  HASH_ALGORITHMS,
  HOLD_SCOPES,
  INDICATOR_CODES,
  INDICATORS,
  IP_EVENTS,
  isIndicatorCode,
  OBSERVABLE_TYPES,
  PAP_MARKINGS,
  PRIORITIES,
  RED_FLAG_INDICATORS,
  REFERRAL_CATEGORIES,
  REFERRAL_STATUSES,
  strictestTlp,
  TLP_MARKINGS,
  tlpWeakerThan,
  TRANSACTION_DIRECTIONS,
  TRANSACTION_RAILS,
} from './vocabulary';

describe('referral vocabulary', () => {
  it('should keep the referral statuses of the API contract', () => {
    expect(REFERRAL_STATUSES).toEqual([
      'draft',
      'submitted',
      'in_review',
      'info_requested',
      'accepted',
      'declined',
      'withdrawn',
    ]);
  });

  it('should keep the referral categories of the API contract', () => {
    expect(REFERRAL_CATEGORIES).toEqual([
      'commercial_csam_sale',
      'livestream_abuse',
      'sextortion_payments',
      'csam_solicitation',
      'trafficking',
      'other',
    ]);
  });

  it('should order priorities from P1 (most urgent) to P4', () => {
    expect(PRIORITIES).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('should keep the five TLP markings with AMBER+STRICT spelled as on the wire', () => {
    expect(TLP_MARKINGS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
  });

  it('should default referrals to TLP AMBER+STRICT', () => {
    expect(DEFAULT_TLP).toBe('AMBER+STRICT');
    expect(TLP_MARKINGS).toContain(DEFAULT_TLP);
  });

  it('should keep the observable types of the API contract', () => {
    expect(OBSERVABLE_TYPES).toEqual([
      'url',
      'domain',
      'ip',
      'email',
      'phone',
      'username',
      'crypto_wallet',
      'card',
      'file_hash',
      'keyword',
    ]);
  });

  it('should offer hash algorithms and references only, never a type for the file itself', () => {
    expect(HASH_ALGORITHMS).toEqual(['md5', 'sha1', 'sha256', 'pdq', 'photodna_ref']);
  });

  it('should keep the ip events, transaction rails, directions and hold scopes', () => {
    expect(IP_EVENTS).toEqual(['login', 'registration', 'purchase', 'upload', 'other']);
    expect(TRANSACTION_RAILS).toEqual(['card', 'ach', 'wire', 'p2p', 'crypto', 'other']);
    expect(TRANSACTION_DIRECTIONS).toEqual(['inbound', 'outbound']);
    expect(HOLD_SCOPES).toEqual(['do_not_terminate', 'do_not_contact', 'do_not_share']);
  });

  it('should keep every enumeration free of duplicates', () => {
    for (const list of [
      REFERRAL_STATUSES,
      REFERRAL_CATEGORIES,
      PRIORITIES,
      TLP_MARKINGS,
      OBSERVABLE_TYPES,
      HASH_ALGORITHMS,
      IP_EVENTS,
      TRANSACTION_RAILS,
      TRANSACTION_DIRECTIONS,
      HOLD_SCOPES,
      INDICATOR_CODES,
    ] as readonly (readonly string[])[]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });
});

describe('red-flag indicators', () => {
  it('should hold a fixed list of 15 to 20 indicators', () => {
    expect(RED_FLAG_INDICATORS.length).toBeGreaterThanOrEqual(15);
    expect(RED_FLAG_INDICATORS.length).toBeLessThanOrEqual(20);
  });

  it('should include the indicators named in the product brief', () => {
    expect(INDICATOR_CODES).toEqual(
      expect.arrayContaining([
        'descriptor_mismatch',
        'high_risk_mcc_misuse',
        'rapid_small_value_purchases',
        'many_cards_one_device',
        'crypto_offramp_to_merchant',
        'prepaid_card_concentration',
        'cross_border_mismatch',
        'tor_or_anonymizer_access',
        'keyword_match',
        'hash_match',
        'chargeback_pattern',
        'shell_company_indicators',
        'payment_facilitator_layering',
        'minor_age_signals',
        'live_stream_payment_pattern',
        'sextortion_payment_pattern',
        'law_enforcement_inquiry',
      ]),
    );
  });

  it('should use snake_case codes that are safe as wire values', () => {
    for (const code of INDICATOR_CODES) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/);
      expect(code.length).toBeLessThanOrEqual(40);
    }
  });

  it('should describe every indicator in one line ending with a full stop', () => {
    for (const indicator of RED_FLAG_INDICATORS) {
      expect(indicator.description).not.toMatch(/\n/);
      expect(indicator.description.length).toBeGreaterThan(20);
      expect(indicator.description.length).toBeLessThanOrEqual(160);
      expect(indicator.description).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('should keep INDICATOR_CODES in the order of RED_FLAG_INDICATORS', () => {
    expect(INDICATOR_CODES).toEqual(RED_FLAG_INDICATORS.map((indicator) => indicator.code));
  });

  it('should map every code to its description and nothing else', () => {
    expect(Object.keys(INDICATORS).sort()).toEqual([...INDICATOR_CODES].sort());
    for (const indicator of RED_FLAG_INDICATORS) {
      expect(INDICATORS[indicator.code]).toBe(indicator.description);
    }
    expect(INDICATORS.hash_match).toMatch(/member's own detection tooling/);
  });

  it('should not let callers change the published code list or map at run time', () => {
    expect(Object.isFrozen(INDICATOR_CODES)).toBe(true);
    expect(Object.isFrozen(INDICATORS)).toBe(true);
  });

  it('should never offer an indicator revealing whether a suspicious activity report was filed', () => {
    const text = RED_FLAG_INDICATORS.map((i) => `${i.code} ${i.description}`).join(' ');
    expect(text).not.toMatch(/\bsar\b|\bstr\b|suspicious activity|suspicious transaction/i);
  });

  describe('isIndicatorCode', () => {
    it('should accept every listed code', () => {
      for (const code of INDICATOR_CODES) {
        expect(isIndicatorCode(code)).toBe(true);
      }
    });

    it('should refuse unknown codes, other letter cases and non-strings', () => {
      expect(isIndicatorCode('made_up_indicator')).toBe(false);
      expect(isIndicatorCode('HASH_MATCH')).toBe(false);
      expect(isIndicatorCode(' hash_match')).toBe(false);
      expect(isIndicatorCode('')).toBe(false);
      expect(isIndicatorCode(undefined)).toBe(false);
      expect(isIndicatorCode(null)).toBe(false);
      expect(isIndicatorCode(42)).toBe(false);
      expect(isIndicatorCode(['hash_match'])).toBe(false);
    });

    it('should not accept inherited object property names as codes', () => {
      expect(isIndicatorCode('toString')).toBe(false);
      expect(isIndicatorCode('__proto__')).toBe(false);
      expect(isIndicatorCode('constructor')).toBe(false);
    });
  });
});

describe('TLP floor', () => {
  it('should take the strictest marking, and none of none', () => {
    expect(strictestTlp(['GREEN', 'AMBER+STRICT', 'AMBER'])).toBe('AMBER+STRICT');
    expect(strictestTlp(['CLEAR', 'RED'])).toBe('RED');
    expect(strictestTlp([])).toBeNull();
  });

  it('should call a marking weaker only when it lets the information go further', () => {
    expect(tlpWeakerThan('AMBER', 'AMBER+STRICT')).toBe(true);
    expect(tlpWeakerThan('CLEAR', 'GREEN')).toBe(true);
    expect(tlpWeakerThan('AMBER+STRICT', 'AMBER+STRICT')).toBe(false);
    expect(tlpWeakerThan('RED', 'AMBER')).toBe(false);
  });

  it('should keep the PAP markings least to most restrictive, AMBER by default', () => {
    expect(PAP_MARKINGS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'RED']);
    expect(DEFAULT_PAP).toBe('AMBER');
  });
});

describe('requiresNamedRecipients', () => {
  it('should hold RED and AMBER+STRICT packages to named liaisons, and no weaker marking', () => {
    expect(requiresNamedRecipients('RED')).toBe(true);
    expect(requiresNamedRecipients('AMBER+STRICT')).toBe(true);
    for (const tlp of ['CLEAR', 'GREEN', 'AMBER', 'red', '']) {
      expect(requiresNamedRecipients(tlp)).toBe(false);
    }
  });
});
