import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, UuidParamPipe, type RequestMeta } from '@app/common';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiCreatedResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such organization, or not yours.' })
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
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<UserResponse> {
    return this.users.get(user, id);
  }

  @RequirePermission('users.manage')
  @Patch('users/:id')
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateUserDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<UserResponse> {
    return this.users.update(user, id, dto, meta);
  }
}
