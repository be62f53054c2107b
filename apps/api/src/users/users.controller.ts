import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  CreateUserDto,
  ListUsersQueryDto,
  UpdateUserDto,
  UserPageResponse,
  UserResponse,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RequirePermission('users.read')
  @Get('organizations/:id/users')
  @ApiOperation({
    summary: "List an organization's users",
    description:
      'Member admins (their own organization) and platform admins (any). In creation order, a ' +
      'page at a time, optionally filtered by role and status.',
  })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
    @Query() query: ListUsersQueryDto,
  ): Promise<UserPageResponse> {
    return this.users.list(user, organizationId, query);
  }

  @RequirePermission('users.manage')
  @Post('organizations/:id/users')
  @ApiOperation({
    summary: 'Create a user',
    description:
      'Member admins (member roles in their own organization) and platform admins (any role ' +
      "that suits the organization's kind). The address must be at one of the organization's " +
      'registered e-mail domains; the creation is audited.',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({
    description:
      "Invalid fields: an address not at the organization's registered domains, a role the " +
      'caller may not grant or that does not suit the organization, a password that breaks ' +
      'the password rules (each named in `errors`).',
  })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
  @ApiConflictResponse({
    description: 'An account already uses this address (`email_taken`; the refusal is audited).',
  })
  @ApiTooManyRequestsResponse({
    description:
      'A member admin has had too many addresses refused as taken within a day ' +
      '(`too_many_refusals`); see Retry-After.',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) organizationId: string,
    @Body() dto: CreateUserDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<UserResponse> {
    return this.users.create(user, organizationId, dto, meta);
  }

  @RequirePermission('users.read')
  @Get('users/:id')
  @ApiOperation({
    summary: 'Show a user',
    description:
      'Member admins (users of their own organization) and platform admins (any user). Never ' +
      'shows the password or the second-factor secret.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user, or not in your reach.' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<UserResponse> {
    return this.users.get(user, id);
  }

  @RequirePermission('users.manage')
  @Patch('users/:id')
  @ApiOperation({
    summary: 'Change a user',
    description:
      "Member admins (their own organization's member users) and platform admins. Changes the " +
      "name, role or status, or resets another user's password; a role change, suspension " +
      'or reset ends every session of that user. Audited.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({
    description:
      "Invalid fields, or a change the caller may not make: one's own role, suspending " +
      "oneself, resetting one's own password, a role the caller may not grant or manage " +
      '(each named in `errors`).',
  })
  @ApiNotFoundResponse({ description: 'No such user, or not in your reach.' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateUserDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<UserResponse> {
    return this.users.update(user, id, dto, meta);
  }
}
