import fc from 'fast-check';
import {
  ChainVerifier,
  GENESIS_HASH,
  chainHash,
  digestOfDetails,
  type ChainEventFields,
  type SealedChainEvent,
} from './audit-chain';

const nullableText = fc.option(fc.string({ maxLength: 12 }), { nil: null });
const details = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 4,
});
const eventContent = fc.record({
  occurredAt: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().replace('Z', '000Z')),
  actorUserId: nullableText,
  actorOrganizationId: nullableText,
  actorRole: nullableText,
  action: fc.string({ minLength: 1, maxLength: 12 }),
  targetType: nullableText,
  targetId: nullableText,
  outcome: fc.constantFrom('success', 'failure', 'denied'),
  requestId: nullableText,
  ip: nullableText,
  details,
});
type Content = typeof eventContent extends fc.Arbitrary<infer T> ? T : never;

function seal(contents: Content[]): SealedChainEvent[] {
  let prev = GENESIS_HASH;
  return contents.map((c, i) => {
    const fields: ChainEventFields = { ...c, detailsDigest: digestOfDetails(c.details) };
    const hash = chainHash(prev, i + 1, fields);
    const event = { ...fields, details: c.details, seq: i + 1, prevHash: prev, hash };
    prev = hash;
    return event;
  });
}

function verify(events: SealedChainEvent[]) {
  const v = new ChainVerifier();
  for (const e of events) v.feed(e);
  return v.report();
}

const COLUMNS = [
  'occurredAt',
  'actorUserId',
  'actorOrganizationId',
  'actorRole',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'requestId',
  'ip',
  'detailsDigest',
  'prevHash',
  'hash',
] as const;

/**
 * Whatever one superuser edit does to a sealed chain — any column or the
 * details of one event changed, one event deleted (not the newest, which only
 * a checkpoint can vouch for), two neighbours swapped, or a forged event
 * linked in — the verifier names the position where it happened.
 */
describe('audit chain verification (property)', () => {
  const chainArb = fc.array(eventContent, { minLength: 3, maxLength: 8 });

  it('should find an edit of any column or of the details at its position', () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.nat(),
        fc.constantFrom(...COLUMNS, 'details' as const),
        fc.string({ minLength: 1, maxLength: 8 }),
        (contents, at, column, junk) => {
          const events = seal(contents);
          expect(verify(events).valid).toBe(true);
          const k = at % events.length;
          const victim = events[k];
          events[k] =
            column === 'details'
              ? { ...victim, details: { ...(victim.details as object), [`~${junk}`]: junk } }
              : { ...victim, [column]: `${String(victim[column])}${junk}` };
          expect(verify(events)).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });
        },
      ),
    );
  });

  it('should find a deletion, a swap of two events and a forged insertion at their position', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), eventContent, (contents, at, forged) => {
        const n = contents.length;
        const k = at % (n - 1); // 0-based; never the newest event
        const deleted = seal(contents).filter((_, i) => i !== k);
        expect(verify(deleted)).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });

        fc.pre(digestOfDetails(contents[k]) !== digestOfDetails(contents[k + 1]));
        const swapped = seal(contents);
        const a = swapped[k];
        swapped[k] = { ...swapped[k + 1], seq: k + 1 };
        swapped[k + 1] = { ...a, seq: k + 2 };
        expect(verify(swapped)).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });

        // A forged event at k+1 that links itself properly; the real one after it no longer links.
        const real = seal(contents);
        const prev = k === 0 ? GENESIS_HASH : (real[k - 1].hash as string);
        const fields: ChainEventFields = {
          ...forged,
          detailsDigest: digestOfDetails(forged.details),
        };
        const inserted: SealedChainEvent = {
          ...fields,
          details: forged.details,
          seq: k + 1,
          prevHash: prev,
          hash: chainHash(prev, k + 1, fields),
        };
        const withInsert = [
          ...real.slice(0, k),
          inserted,
          ...real.slice(k).map((e) => ({ ...e, seq: e.seq + 1 })),
        ];
        expect(verify(withInsert)).toMatchObject({ valid: false, firstBrokenSeq: k + 2 });
      }),
    );
  });
});
