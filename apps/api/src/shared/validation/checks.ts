import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationArguments } from 'class-validator';

/**
 * Field rules of the request DTOs that class-validator does not have built in.
 * Each rule is a pure function returning null when the value is acceptable,
 * else a message that never repeats the value (values can be sensitive).
 */

/**
 * May be left out, but when sent it must be valid. Unlike IsOptional, null is
 * not "left out": it is checked, so it cannot reach a NOT NULL column.
 */
export const IsAbsentOrValid = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * May be left out or sent as null, which means the same (null becomes left
 * out before validation, see nullToAbsent); any other value must pass the
 * rules. For optional fields inside a referral's merchant, observables and
 * transactions, which responses send as null when not known.
 */
export const IsAbsentNullOrValid = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (value === null ? undefined : value)),
    IsAbsentOrValid(),
  );

type Problem = (value: unknown, object: Record<string, unknown>, property: string) => string | null;

/**
 * A property decorator from a pure check that receives the value and the
 * object being validated. The error is reported on the decorated property;
 * its message is `<property> <problem>` (or the problem alone when
 * `prefixProperty` is false).
 */
export function Check(name: string, problem: Problem, prefixProperty = true): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          problem(value, args.object as Record<string, unknown>, args.property) === null,
        defaultMessage: (args?: ValidationArguments) => {
          if (!args) return 'is invalid';
          const message =
            problem(args.value, args.object as Record<string, unknown>, args.property) ??
            'is invalid';
          return prefixProperty ? `${args.property} ${message}` : message;
        },
      },
    });
  };
}

const MAX_LISTED_ITEMS = 10;

/**
 * A list of objects validated item by item (`@ValidateNested({ each: true })`)
 * lets a nested list through unchecked (`principals: [[]]`): name such items.
 * Other non-objects (null, a number) are already refused by the nested check.
 */
export function NoListItems(): PropertyDecorator {
  return Check(
    'noListItems',
    (value, _object, property) => {
      if (!Array.isArray(value)) return null;
      const nested = value.flatMap((item: unknown, index) =>
        Array.isArray(item) ? [`${property}[${index}]`] : [],
      );
      if (nested.length === 0) return null;
      return `${nested.slice(0, MAX_LISTED_ITEMS).join(', ')} must be an object, not a list`;
    },
    false,
  );
}

/**
 * Checks every item of a list of strings and names the bad items by index in
 * the message (`websites[2] must be ...`): for a list of plain strings the
 * validation pipe can only give the path of the list itself, so the index is
 * in the message. A value that is not an array is left to IsArray.
 */
export function EachString(
  name: string,
  /** `object` is the object holding the list, for checks that read a sibling field. */
  problem: (item: string, object: Record<string, unknown>) => string | null,
): PropertyDecorator {
  return Check(
    name,
    (value, object, property) => {
      if (!Array.isArray(value)) return null;
      const byMessage = new Map<string, number[]>();
      value.forEach((item: unknown, index) => {
        const message = typeof item === 'string' ? problem(item, object) : 'must be a string';
        if (message !== null) byMessage.set(message, [...(byMessage.get(message) ?? []), index]);
      });
      if (byMessage.size === 0) return null;
      return [...byMessage.entries()]
        .map(([message, indexes]) => {
          const listed = indexes.slice(0, MAX_LISTED_ITEMS).map((index) => `${property}[${index}]`);
          const more =
            indexes.length > MAX_LISTED_ITEMS
              ? ` and ${indexes.length - MAX_LISTED_ITEMS} more`
              : '';
          return `${listed.join(', ')}${more} ${message}`;
        })
        .join('; ');
    },
    false,
  );
}
