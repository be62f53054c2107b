import {
  SEARCH_KINDS,
  SEARCH_MATCHES,
  SEARCH_QUERY_MAX_LENGTH,
  SEARCH_QUERY_MIN_LENGTH,
  type SearchKind,
  type SearchMatch,
} from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { REFERENCE_MAX } from '../../cases/dto/response-limits';

/** Results per kind: the default and the most a caller may ask for. */
export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 50;
/** A result's title and summary: built from a reference, names and labels, each bounded. */
export const SEARCH_TITLE_MAX = 300;
export const SEARCH_SUMMARY_MAX = 1000;
/** A console path: a fixed prefix, ids and a query string of ids. */
export const SEARCH_PATH_MAX = 300;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SearchQueryDto {
  @ApiProperty({
    minLength: SEARCH_QUERY_MIN_LENGTH,
    maxLength: SEARCH_QUERY_MAX_LENGTH,
    description:
      'What to look for: a reference (`FCR-…`, `CASE-…`, `DSP-…`, whole or its start), a ' +
      'domain or web address, a merchant id (alone or `acquirerId:mid`), an e-mail address, a ' +
      'phone number in international form, a crypto wallet, or a name (matched approximately).',
    example: 'pixel harbor',
  })
  @Transform(trim)
  @IsString({ message: 'q must be text' })
  @MinLength(SEARCH_QUERY_MIN_LENGTH, {
    message: `q must be at least ${SEARCH_QUERY_MIN_LENGTH} characters`,
  })
  @MaxLength(SEARCH_QUERY_MAX_LENGTH, {
    message: `q must be at most ${SEARCH_QUERY_MAX_LENGTH} characters`,
  })
  q!: string;

  @ApiPropertyOptional({
    enum: SEARCH_KINDS,
    description: 'Only this kind of record (default: every kind the caller may see).',
  })
  @IsOptional()
  @IsIn(SEARCH_KINDS, { message: `kind must be one of ${SEARCH_KINDS.join(', ')}` })
  kind?: SearchKind;

  @ApiPropertyOptional({
    description: `Results per kind at most (1 to ${SEARCH_MAX_LIMIT}).`,
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: SEARCH_MAX_LIMIT,
    default: SEARCH_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(SEARCH_MAX_LIMIT, { message: `limit must be at most ${SEARCH_MAX_LIMIT}` })
  limit?: number;
}

export class SearchResultResponse {
  @ApiProperty({ enum: SEARCH_KINDS }) kind!: SearchKind;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: REFERENCE_MAX,
    description: 'The record’s reference; null for organizations and people.',
  })
  reference!: string | null;
  @ApiProperty({ maxLength: SEARCH_TITLE_MAX, description: 'What the result is, in a line.' })
  title!: string;
  @ApiProperty({
    maxLength: SEARCH_SUMMARY_MAX,
    description: 'A human summary: only what the caller’s own list shows of the record.',
  })
  summary!: string;
  @ApiProperty({
    maxLength: SEARCH_PATH_MAX,
    description: 'Where the console opens it for this caller.',
    example: '/cases/6f1c…',
  })
  path!: string;
  @ApiProperty({
    enum: SEARCH_MATCHES,
    description:
      '`reference`: the exact reference; `identifier`: an exact domain, merchant id, e-mail ' +
      'address, phone or wallet; `reference_prefix`: the start of a reference; `name`: a ' +
      'similar name.',
  })
  match!: SearchMatch;
  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    maximum: 3,
    description:
      'The rank (higher first): 3 exact reference, 2 identifier, 1.5 reference start, 0–1 name similarity.',
  })
  score!: number;
}

export class SearchGroupResponse {
  @ApiProperty({ enum: SEARCH_KINDS }) kind!: SearchKind;
  @ApiProperty({ maxLength: 40, description: 'The group’s heading, e.g. "Cases".' })
  label!: string;
  @ApiProperty({ type: () => [SearchResultResponse], maxItems: SEARCH_MAX_LIMIT })
  items!: SearchResultResponse[];
}

export class SearchResponse {
  @ApiProperty({
    maxLength: SEARCH_QUERY_MAX_LENGTH,
    description: 'The text searched for, trimmed.',
  })
  query!: string;
  @ApiProperty({
    type: () => [SearchGroupResponse],
    maxItems: SEARCH_KINDS.length,
    description:
      'Only kinds with results, the group holding the best result first; within a group, best first.',
  })
  groups!: SearchGroupResponse[];
}
