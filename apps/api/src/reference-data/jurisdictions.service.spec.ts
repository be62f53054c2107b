import { ConflictProblem, RecordNotFound } from '@app/common';
import { InMemoryJurisdictionsRepository, InMemoryUnitOfWork } from '@app/persistence';
import type { CreateJurisdictionDto } from './dto/jurisdiction.dto';
import { JurisdictionsService } from './jurisdictions.service';
import { META, PLATFORM_ADMIN, RecordingAuditWriter } from './test-support';

describe('JurisdictionsService', () => {
  let jurisdictions: InMemoryJurisdictionsRepository;
  let uow: InMemoryUnitOfWork;
  let audit: RecordingAuditWriter;
  let service: JurisdictionsService;

  beforeEach(() => {
    jurisdictions = new InMemoryJurisdictionsRepository();
    uow = new InMemoryUnitOfWork();
    audit = new RecordingAuditWriter();
    service = new JurisdictionsService(uow as never, jurisdictions, audit.asWriter());
  });

  const create = (dto: Partial<CreateJurisdictionDto>) =>
    service.create(PLATFORM_ADMIN, { code: 'GB', name: 'United Kingdom', ...dto }, META);

  it('should record an unknown criterion as unknown and audit only the fields sent', async () => {
    const created = await create({ hotline: true, csamDefined: 'yes' });
    expect(created).toMatchObject({
      code: 'GB',
      csamDefined: 'yes',
      csamSpecificLaw: 'unknown',
      hotline: true,
    });
    expect(audit.records).toEqual([
      expect.objectContaining({
        action: 'jurisdiction.create',
        outcome: 'success',
        targetType: 'jurisdiction',
        targetId: 'GB',
        details: { changed: ['name', 'csamDefined', 'hotline'] },
      }),
    ]);
  });

  it('should refuse a second jurisdiction with the same code (409 jurisdiction_exists)', async () => {
    await create({});
    const again = create({ name: 'Great Britain' });
    await expect(again).rejects.toBeInstanceOf(ConflictProblem);
    await expect(create({})).rejects.toMatchObject({ code: 'jurisdiction_exists' });
    expect(jurisdictions.rows.get('GB')?.name).toBe('United Kingdom');
    expect(audit.records).toHaveLength(1);
  });

  it('should change and audit only the fields whose value differs', async () => {
    await create({ hotline: false });
    const updated = await service.update(
      PLATFORM_ADMIN,
      'GB',
      { name: 'United Kingdom', hotline: true, sourceEdition: '2024' },
      META,
    );
    expect(updated).toMatchObject({ hotline: true, sourceEdition: '2024' });
    expect(audit.records[1]).toMatchObject({
      action: 'jurisdiction.update',
      targetId: 'GB',
      details: { changed: ['sourceEdition', 'hotline'] },
    });
  });

  it('should neither write nor audit an update that changes nothing', async () => {
    await create({ hotline: true });
    const version = jurisdictions.rows.get('GB')?.version;
    await service.update(PLATFORM_ADMIN, 'GB', { hotline: true }, META);
    expect(jurisdictions.rows.get('GB')?.version).toBe(version);
    expect(audit.records.map((r) => r.action)).toEqual(['jurisdiction.create']);
  });

  it('should answer 404 for a code nobody recorded', async () => {
    await expect(service.get('FR')).rejects.toBeInstanceOf(RecordNotFound);
    await expect(
      service.update(PLATFORM_ADMIN, 'FR', { hotline: true }, META),
    ).rejects.toBeInstanceOf(RecordNotFound);
    expect(audit.records).toHaveLength(0);
  });
});
