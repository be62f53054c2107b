import { ValidationProblem } from '../errors/http-errors';
import { createValidationPipe } from '../errors/validation';
import {
  type CursorPosition,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  PageQueryDto,
  toPage,
} from './pagination';

/** Call decodeCursor expecting a refusal, and hand back the ValidationProblem. */
function refusal(cursor: string): ValidationProblem {
  try {
    decodeCursor(cursor);
  } catch (error) {
    if (error instanceof ValidationProblem) return error;
    throw error;
  }
  throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
}

const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('encodeCursor / decodeCursor', () => {
  it.each<[string, CursorPosition]>([
    [
      'a timestamp and a uuid',
      { sortValue: '2024-05-01T10:00:00.000Z', id: '0b7c1e0e-1d1b-4e4e-9f0a-2b8f2c7e4a11' },
    ],
    ['empty strings', { sortValue: '', id: '' }],
    ['quotes, commas and brackets', { sortValue: 'a "quoted", [value]', id: '}{' }],
    ['non-ASCII text', { sortValue: 'Zoë – 東京 😀', id: 'ïd' }],
  ])('should round-trip %s', (_label, position) => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('should issue cursors of base64url characters only', () => {
    const cursor = encodeCursor({ sortValue: 'Zoë ??>>> 東京', id: '~~~///+++' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('should issue different cursors for different positions', () => {
    expect(encodeCursor({ sortValue: 'a', id: '1' })).not.toBe(
      encodeCursor({ sortValue: 'a', id: '2' }),
    );
    expect(encodeCursor({ sortValue: 'a,b', id: 'c' })).not.toBe(
      encodeCursor({ sortValue: 'a', id: 'b,c' }),
    );
  });

  it('should decode an absent or empty cursor as no position', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it.each([
    ['text that is not a cursor', 'garbage'],
    ['characters outside base64url', '***'],
    ['words with spaces and punctuation', 'not a cursor!'],
    ['a truncated cursor', encodeCursor({ sortValue: 'a', id: 'b' }).slice(0, -2)],
    ['base64url of non-JSON', b64url('hello world')],
    ['JSON that is an object', b64url('{"sortValue":"a","id":"b"}')],
    ['JSON that is a string', b64url('"a"')],
    ['JSON that is null', b64url('null')],
    ['an array of one string', b64url('["a"]')],
    ['an array of three strings', b64url('["a","b","c"]')],
    ['an array holding a number', b64url('["a",1]')],
    ['an array holding null', b64url('[null,"b"]')],
  ])('should refuse %s with a ValidationProblem on field cursor', (_label, cursor) => {
    const problem = refusal(cursor);
    expect(problem.getStatus()).toBe(400);
    expect(problem.fieldErrors).toEqual([
      { field: 'cursor', messages: ['Cursor is not a cursor this API issued'] },
    ]);
  });
});

describe('toPage', () => {
  interface Row {
    id: string;
    createdAt: string;
  }
  const rows: Row[] = [1, 2, 3, 4].map((n) => ({
    id: `id-${n}`,
    createdAt: `2024-01-0${n}T00:00:00.000Z`,
  }));
  const position = (row: Row): CursorPosition => ({ sortValue: row.createdAt, id: row.id });

  it('should give a next cursor at the last item shown when limit + 1 rows came back', () => {
    const page = toPage(rows, 3, position);

    expect(page.items).toEqual(rows.slice(0, 3));
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({
      sortValue: '2024-01-03T00:00:00.000Z',
      id: 'id-3',
    });
  });

  it('should give no next cursor when exactly limit rows came back', () => {
    const page = toPage(rows.slice(0, 3), 3, position);
    expect(page.items).toEqual(rows.slice(0, 3));
    expect(page.nextCursor).toBeNull();
  });

  it('should give no next cursor when fewer than limit rows came back', () => {
    const page = toPage(rows.slice(0, 2), 3, position);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(page.nextCursor).toBeNull();
  });

  it('should give an empty page with no next cursor when no rows came back', () => {
    expect(toPage([], 3, position)).toEqual({ items: [], nextCursor: null });
  });

  it('should never return more than limit items', () => {
    const page = toPage(rows, 1, position);
    expect(page.items).toEqual([rows[0]]);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual(position(rows[0]));
  });

  it('should not modify the rows it was given', () => {
    const copy = rows.map((r) => ({ ...r }));
    toPage(rows, 2, position);
    expect(rows).toEqual(copy);
  });
});

describe('PageQueryDto', () => {
  async function parse(query: Record<string, unknown>): Promise<PageQueryDto> {
    return (await createValidationPipe().transform(query, {
      type: 'query',
      metatype: PageQueryDto,
    })) as PageQueryDto;
  }

  async function problemOf(query: Record<string, unknown>): Promise<ValidationProblem> {
    let caught: unknown;
    try {
      await parse(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationProblem);
    return caught as ValidationProblem;
  }

  it('should accept an empty query', async () => {
    const dto = await parse({});
    expect(dto.cursor).toBeUndefined();
    expect(dto.limit).toBeUndefined();
  });

  it('should turn a limit string into a number', async () => {
    expect((await parse({ limit: '25' })).limit).toBe(25);
    expect((await parse({ limit: String(MAX_PAGE_SIZE) })).limit).toBe(MAX_PAGE_SIZE);
  });

  it('should keep the documented page sizes', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(50);
    expect(MAX_PAGE_SIZE).toBe(200);
  });

  it.each(['0', String(MAX_PAGE_SIZE + 1), '-1', '2.5', 'ten'])(
    'should refuse limit=%s',
    async (limit) => {
      const problem = await problemOf({ limit });
      expect(problem.fieldErrors?.map((e) => e.field)).toEqual(['limit']);
    },
  );

  it('should accept a cursor it issued', async () => {
    const cursor = encodeCursor({ sortValue: 'x', id: 'y' });
    expect((await parse({ cursor })).cursor).toBe(cursor);
  });

  it.each([
    ['standard base64 padding', `${encodeCursor({ sortValue: 'x', id: 'y' })}==`],
    ['a "+" or "/"', 'ab+c/d'],
    ['a space', 'ab cd'],
    ['more than 512 characters', 'a'.repeat(513)],
  ])('should refuse a cursor with %s', async (_label, cursor) => {
    const problem = await problemOf({ cursor });
    expect(problem.fieldErrors).toEqual([
      { field: 'cursor', messages: ['Cursor is not a cursor this API issued'] },
    ]);
  });
});
