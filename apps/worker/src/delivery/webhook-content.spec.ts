import { webhookContentOf } from './webhook-content';

describe('webhookContentOf', () => {
  const pkg = { pap: 'AMBER', referrals: [{ narrative: 'ZZ-case-content' }] };

  it('should carry the package of a dispatch the whole agency reads', () => {
    expect(
      webhookContentOf({ reference: 'DSP-1', tlp: 'AMBER', namedLiaisonIds: null, package: pkg }),
    ).toEqual({ type: 'case.dispatched', package: pkg });
  });

  it('should carry only a notice (reference, markings, how many named) for named liaisons', () => {
    const content = webhookContentOf({
      reference: 'DSP-2',
      tlp: 'AMBER+STRICT',
      namedLiaisonIds: ['00000000-0000-4000-8000-000000000001'],
      package: pkg,
    });
    expect(content).toEqual({
      type: 'case.dispatched.restricted',
      notice: {
        reference: 'DSP-2',
        tlp: 'AMBER+STRICT',
        pap: 'AMBER',
        namedLiaisons: 1,
        message: expect.stringContaining('DSP-2') as unknown,
      },
    });
    expect(JSON.stringify(content)).not.toContain('ZZ-case-content');
    expect(JSON.stringify(content)).not.toContain('00000000-0000-4000-8000-000000000001');
  });
});
