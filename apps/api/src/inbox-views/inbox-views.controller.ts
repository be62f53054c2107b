import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { UuidParamPipe } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateInboxViewDto,
  InboxViewListResponse,
  InboxViewResponse,
  UpdateInboxViewDto,
} from './dto/inbox-view.dto';
import { InboxViewsService } from './inbox-views.service';

/** A coordinator's saved inbox filter sets, each the person's own (not shared). */
@ApiTags('inbox views')
@Controller('inbox-views')
export class InboxViewsController {
  constructor(private readonly views: InboxViewsService) {}

  @RequirePermission('cases.read')
  @Get()
  @ApiOperation({
    summary: 'List my saved inbox views',
    description: 'Coordinators and leads: their own saved views, by name.',
  })
  @ApiOkResponse({ type: InboxViewListResponse })
  list(@CurrentUser() user: AuthUser): Promise<InboxViewListResponse> {
    return this.views.list(user);
  }

  @RequirePermission('cases.read')
  @Post()
  @ApiOperation({
    summary: 'Save an inbox view',
    description:
      'Coordinators and leads: the inbox’s current filters under a name of their own (unique per ' +
      'person, case aside; at most 50 views).',
  })
  @ApiCreatedResponse({ type: InboxViewResponse })
  @ApiBadRequestResponse({ description: 'A bad name or filter (each named).' })
  @ApiConflictResponse({
    description: '`inbox_view_name_taken`, or `inbox_views_full` at 50 views.',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateInboxViewDto,
  ): Promise<InboxViewResponse> {
    return this.views.create(user, body);
  }

  @RequirePermission('cases.read')
  @Patch(':id')
  @ApiOperation({
    summary: 'Rename or change a saved inbox view',
    description: 'Coordinators and leads, their own views only.',
  })
  @ApiParam({ name: 'id', description: 'The saved view.' })
  @ApiOkResponse({ type: InboxViewResponse })
  @ApiBadRequestResponse({ description: 'A bad name or filter (each named).' })
  @ApiNotFoundResponse({ description: 'No such view, or another person’s.' })
  @ApiConflictResponse({ description: '`inbox_view_name_taken`.' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateInboxViewDto,
  ): Promise<InboxViewResponse> {
    return this.views.update(user, id, body);
  }

  @RequirePermission('cases.read')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a saved inbox view',
    description: 'Coordinators and leads, their own views only.',
  })
  @ApiParam({ name: 'id', description: 'The saved view.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No such view, or another person’s.' })
  remove(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.views.delete(user, id);
  }
}
