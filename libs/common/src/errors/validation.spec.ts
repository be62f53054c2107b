import { type ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import { ValidationProblem } from './http-errors';
import type { FieldProblem } from './problem';
import { createValidationPipe, flattenValidationErrors } from './validation';

class MerchantDto {
  @IsString()
  name!: string;

  @IsString()
  @Length(2, 2)
  country!: string;
}

class ItemDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class ReferralDto {
  @IsString()
  title!: string;

  @IsOptional()
  @IsString()
  note?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => MerchantDto)
  merchant!: MerchantDto;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];
}

function validReferral(): Record<string, unknown> {
  return {
    title: 'Suspicious card payments',
    merchant: { name: 'Example Shop', country: 'NL' },
    items: [
      { name: 'first', quantity: 1 },
      { name: 'second', quantity: 2 },
    ],
  };
}

/** Run the pipe on a body and hand back the ValidationProblem it rejects with. */
async function rejection(value: unknown, metatype: new () => object = ReferralDto) {
  const pipe = createValidationPipe();
  let caught: unknown;
  try {
    await pipe.transform(value, { type: 'body', metatype });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationProblem);
  return caught as ValidationProblem;
}

function messagesFor(problem: ValidationProblem, field: string): string[] | undefined {
  return problem.fieldErrors?.find((e) => e.field === field)?.messages;
}

function fieldsOf(problem: ValidationProblem): string[] {
  return (problem.fieldErrors ?? []).map((e) => e.field).sort();
}

describe('createValidationPipe', () => {
  it('should pass valid input through, transformed into the DTO classes', async () => {
    const pipe = createValidationPipe();
    const result: unknown = await pipe.transform(validReferral(), {
      type: 'body',
      metatype: ReferralDto,
    });

    expect(result).toBeInstanceOf(ReferralDto);
    const dto = result as ReferralDto;
    expect(dto.merchant).toBeInstanceOf(MerchantDto);
    expect(dto.items).toHaveLength(2);
    expect(dto.items[0]).toBeInstanceOf(ItemDto);
    expect(dto.items[1]).toBeInstanceOf(ItemDto);
    expect(dto).toEqual(Object.assign(new ReferralDto(), validReferral()));
  });

  it('should accept an optional field when it is given and valid', async () => {
    const pipe = createValidationPipe();
    const result = (await pipe.transform(
      { ...validReferral(), note: 'seen twice' },
      { type: 'body', metatype: ReferralDto },
    )) as ReferralDto;
    expect(result.note).toBe('seen twice');
  });

  it('should reject with a ValidationProblem of status 400 and code validation_failed', async () => {
    const problem = await rejection({ ...validReferral(), title: 5 });
    expect(problem.getStatus()).toBe(400);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fieldErrors).toEqual([{ field: 'title', messages: ['Title must be a string'] }]);
  });

  it('should name the path of a bad field inside a nested object', async () => {
    const problem = await rejection({
      ...validReferral(),
      merchant: { name: 'Example Shop', country: 'NLD' },
    });
    expect(problem.fieldErrors).toEqual([
      {
        field: 'merchant.country',
        messages: ['Country must be shorter than or equal to 2 characters'],
      },
    ]);
  });

  it('should name the index of a bad item in an array of nested objects', async () => {
    const problem = await rejection({
      ...validReferral(),
      items: [
        { name: 'first', quantity: 1 },
        { name: 7, quantity: 0 },
      ],
    });
    expect(fieldsOf(problem)).toEqual(['items[1].name', 'items[1].quantity']);
    expect(messagesFor(problem, 'items[1].name')).toEqual(['Item 2 name must be a string']);
    expect(messagesFor(problem, 'items[1].quantity')).toEqual([
      'Item 2 quantity must not be less than 1',
    ]);
  });

  it('should name every bad field at once', async () => {
    const problem = await rejection({
      title: 5,
      merchant: { name: 'Example Shop', country: 3 },
      items: [{ name: 'first', quantity: 1 }, { name: 4, quantity: 1 }, null],
      extra: true,
    });
    expect(fieldsOf(problem)).toEqual(
      ['extra', 'items[1].name', 'items[2]', 'merchant.country', 'title'].sort(),
    );
  });

  it('should say "is not a known field" for an unknown top-level field', async () => {
    const problem = await rejection({ ...validReferral(), isAdmin: true });
    expect(problem.fieldErrors).toEqual([
      { field: 'isAdmin', messages: ['Is admin is not a known field'] },
    ]);
  });

  it('should say "is not a known field" for an unknown field inside a nested object', async () => {
    const problem = await rejection({
      ...validReferral(),
      merchant: { name: 'Example Shop', country: 'NL', iban: 'NL00BANK0123456789' },
    });
    expect(problem.fieldErrors).toEqual([
      { field: 'merchant.iban', messages: ['Iban is not a known field'] },
    ]);
  });

  it('should say "is not a known field" for an unknown field inside an array item', async () => {
    const problem = await rejection({
      ...validReferral(),
      items: [{ name: 'first', quantity: 1, price: 3 }],
    });
    expect(problem.fieldErrors).toEqual([
      { field: 'items[0].price', messages: ['Item 1 price is not a known field'] },
    ]);
  });

  it('should say "is required" once for each absent required field', async () => {
    const problem = await rejection({ merchant: { name: 'Example Shop' }, items: [{}] });
    expect(problem.fieldErrors).toEqual(
      expect.arrayContaining<FieldProblem>([
        { field: 'title', messages: ['Title is required'] },
        { field: 'merchant.country', messages: ['Country is required'] },
        { field: 'items[0].name', messages: ['Item 1 name is required'] },
        { field: 'items[0].quantity', messages: ['Item 1 quantity is required'] },
      ]),
    );
    expect(problem.fieldErrors).toHaveLength(4);
  });

  it('should treat null like an absent field', async () => {
    const problem = await rejection({ ...validReferral(), title: null });
    expect(problem.fieldErrors).toEqual([{ field: 'title', messages: ['Title is required'] }]);
  });

  it('should not require an optional field', async () => {
    const problem = await rejection({ ...validReferral(), title: 1 });
    expect(fieldsOf(problem)).toEqual(['title']);
  });

  it('should name every required field when the body is empty', async () => {
    const problem = await rejection({});
    expect(problem.fieldErrors).toEqual([
      { field: 'title', messages: ['Title is required'] },
      { field: 'merchant', messages: ['Merchant is required'] },
      { field: 'items', messages: ['Items is required'] },
    ]);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'not an object'],
  ])('should reject a body that is %s', async (_label, body) => {
    const problem = await rejection(body);
    expect(fieldsOf(problem)).toEqual(['items', 'merchant', 'title']);
  });

  it('should report every rule a present but wrong nested value breaks', async () => {
    const problem = await rejection({ ...validReferral(), merchant: 'Example Shop' });
    expect(fieldsOf(problem)).toEqual(['merchant']);
    expect(messagesFor(problem, 'merchant')).toEqual(
      expect.arrayContaining(['Merchant must be an object']),
    );
    expect(messagesFor(problem, 'merchant')).not.toContain('Merchant is required');
  });

  it('should not convert types implicitly', async () => {
    const problem = await rejection({
      ...validReferral(),
      items: [{ name: 'first', quantity: '3' }],
    });
    expect(problem.fieldErrors).toEqual([
      {
        field: 'items[0].quantity',
        messages: expect.arrayContaining(['Item 1 quantity must be an integer number']) as string[],
      },
    ]);
  });

  it('should never put the submitted value in the field errors', async () => {
    const secret = 'NL91ABNA0417164300';
    const problem = await rejection({
      ...validReferral(),
      merchant: { name: 'Example Shop', country: secret },
      leaked: secret,
    });
    expect(JSON.stringify(problem.fieldErrors)).not.toContain(secret);
    expect(JSON.stringify(problem.getResponse())).not.toContain(secret);
  });
});

describe('flattenValidationErrors', () => {
  function error(init: Partial<ValidationError> & { property: string }): ValidationError {
    return { children: [], ...init };
  }

  it('should return nothing for no errors', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });

  it('should keep every message of a present but wrong field', () => {
    expect(
      flattenValidationErrors([
        error({
          property: 'amount',
          value: 'ten',
          constraints: { isInt: 'amount must be an integer', min: 'amount must be at least 1' },
        }),
      ]),
    ).toEqual([
      { field: 'amount', messages: ['amount must be an integer', 'amount must be at least 1'] },
    ]);
  });

  it('should replace the messages of an absent field with "is required"', () => {
    expect(
      flattenValidationErrors([
        error({ property: 'a', value: undefined, constraints: { isString: 'a must be a string' } }),
        error({ property: 'b', value: null, constraints: { isInt: 'b must be an integer' } }),
      ]),
    ).toEqual([
      { field: 'a', messages: ['is required'] },
      { field: 'b', messages: ['is required'] },
    ]);
  });

  it('should keep the messages of a field whose value is falsy but present', () => {
    expect(
      flattenValidationErrors([
        error({ property: 'n', value: 0, constraints: { min: 'n must not be less than 1' } }),
        error({ property: 's', value: '', constraints: { length: 's is too short' } }),
        error({ property: 'f', value: false, constraints: { isString: 'f must be a string' } }),
      ]),
    ).toEqual([
      { field: 'n', messages: ['n must not be less than 1'] },
      { field: 's', messages: ['s is too short'] },
      { field: 'f', messages: ['f must be a string'] },
    ]);
  });

  it('should say "is not a known field" for a whitelist refusal, whatever its value', () => {
    expect(
      flattenValidationErrors([
        error({
          property: 'role',
          value: 'platform_admin',
          constraints: { whitelistValidation: 'property role should not exist' },
        }),
        error({
          property: 'ghost',
          value: undefined,
          constraints: { whitelistValidation: 'property ghost should not exist' },
        }),
      ]),
    ).toEqual([
      { field: 'role', messages: ['is not a known field'] },
      { field: 'ghost', messages: ['is not a known field'] },
    ]);
  });

  it('should build dotted and indexed paths from nested children', () => {
    const tree = [
      error({
        property: 'merchant',
        value: {},
        children: [
          error({
            property: 'websites',
            value: [],
            children: [
              error({
                property: '2',
                value: 'nope',
                constraints: { isUrl: 'each value must be a URL' },
              }),
            ],
          }),
        ],
      }),
    ];
    expect(flattenValidationErrors(tree)).toEqual([
      { field: 'merchant.websites[2]', messages: ['each value must be a URL'] },
    ]);
  });

  it('should put a parent with its own constraints before its children', () => {
    const tree = [
      error({
        property: 'items',
        value: [{}],
        constraints: { arrayMaxSize: 'items must contain no more than 0 elements' },
        children: [
          error({
            property: '0',
            value: {},
            children: [
              error({ property: 'name', value: undefined, constraints: { isString: 'x' } }),
            ],
          }),
        ],
      }),
    ];
    expect(flattenValidationErrors(tree)).toEqual([
      { field: 'items', messages: ['items must contain no more than 0 elements'] },
      { field: 'items[0].name', messages: ['is required'] },
    ]);
  });

  it('should prefix paths with the parent it is given', () => {
    expect(
      flattenValidationErrors(
        [error({ property: 'city', value: 1, constraints: { isString: 'city must be a string' } })],
        'address',
      ),
    ).toEqual([{ field: 'address.city', messages: ['city must be a string'] }]);
  });

  it('should leave out an entry that has neither constraints nor children', () => {
    expect(flattenValidationErrors([error({ property: 'quiet', value: 1 })])).toEqual([]);
  });
});
