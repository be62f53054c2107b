import {
  holdScopesContradicted,
  isMemberActionType,
  MEMBER_ACTION_CODES,
  MEMBER_ACTION_TYPES,
  memberActionNeedsNote,
} from './member-actions';
import { HOLD_SCOPES } from './vocabulary';

describe('member action vocabulary', () => {
  it('should keep the action codes of the API contract, in order', () => {
    expect(MEMBER_ACTION_CODES).toEqual([
      'terminated_relationship',
      'suspended_processing',
      'listed_on_card_network_file',
      'blocked_payments',
      'enhanced_monitoring',
      'other',
    ]);
  });

  it('should use unique snake_case codes that are safe as wire values', () => {
    expect(new Set(MEMBER_ACTION_CODES).size).toBe(MEMBER_ACTION_CODES.length);
    for (const code of MEMBER_ACTION_CODES) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/);
      expect(code.length).toBeLessThanOrEqual(40);
    }
  });

  it('should give every action a short label and a one-line description ending with a full stop', () => {
    for (const action of MEMBER_ACTION_TYPES) {
      expect(action.label.length).toBeGreaterThan(0);
      expect(action.label.length).toBeLessThanOrEqual(40);
      expect(action.description).not.toMatch(/\n/);
      expect(action.description).toMatch(/\.$/);
    }
  });

  it('should hold no word about suspicious activity reports or reporting to an authority (hard rule 3)', () => {
    const forbidden =
      /\b(sar|str|suspicious|fiu|financial intelligence|regulator|reported|report|authorit|fincen|police|law enforcement)/i;
    for (const action of MEMBER_ACTION_TYPES) {
      for (const text of [action.code.replace(/_/g, ' '), action.label, action.description]) {
        expect(text).not.toMatch(forbidden);
      }
    }
  });

  it('should recognise only the listed codes', () => {
    expect(isMemberActionType('terminated_relationship')).toBe(true);
    expect(isMemberActionType('other')).toBe(true);
    for (const value of [
      '',
      'Terminated_relationship',
      'sar_filed',
      'reported',
      7,
      null,
      undefined,
    ]) {
      expect(isMemberActionType(value)).toBe(false);
    }
  });

  it('should require a note for `other` only', () => {
    for (const code of MEMBER_ACTION_CODES) {
      expect(memberActionNeedsNote(code)).toBe(code === 'other');
    }
  });

  it('should say that terminating the relationship goes against a do_not_terminate hold, and nothing else does', () => {
    expect(holdScopesContradicted('terminated_relationship')).toEqual(['do_not_terminate']);
    for (const code of MEMBER_ACTION_CODES.filter((c) => c !== 'terminated_relationship')) {
      expect(holdScopesContradicted(code)).toEqual([]);
    }
    for (const code of MEMBER_ACTION_CODES) {
      for (const scope of holdScopesContradicted(code)) expect(HOLD_SCOPES).toContain(scope);
    }
  });
});
