import { CurrentUser, RequirePermission, type AuthUser } from '@app/auth';
import { ReqMeta, type RequestMeta } from '@app/common';
import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ListNotificationsQueryDto,
  MarkNotificationsReadDto,
  MarkReadResponse,
  NotificationPageResponse,
  NotificationPreferencesResponse,
  UnreadCountResponse,
  UpdateNotificationPreferencesDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

const ANYONE = 'Any signed-in user, for their own notifications.';

/**
 * The caller's notifications (docs/notifications.md): what happened, by
 * reference and link, and which of them are also mailed.
 */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @RequirePermission('session.self')
  @Get()
  @ApiOperation({
    summary: 'List my notifications',
    description: `${ANYONE} Newest first; \`unread=true\` for those not yet marked read. Each names a reference and the console page it opens, never case content.`,
  })
  @ApiOkResponse({ type: NotificationPageResponse })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationPageResponse> {
    return this.notifications.list(user, query);
  }

  @RequirePermission('session.self')
  @Get('unread-count')
  @ApiOperation({ summary: 'Count my unread notifications', description: ANYONE })
  @ApiOkResponse({ type: UnreadCountResponse })
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountResponse> {
    return this.notifications.unreadCount(user);
  }

  @RequirePermission('session.self')
  @Post('read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark notifications read',
    description: `${ANYONE} Idempotent; ids that are not yours (or already read) change nothing.`,
  })
  @ApiOkResponse({ type: MarkReadResponse })
  markRead(
    @CurrentUser() user: AuthUser,
    @Body() body: MarkNotificationsReadDto,
  ): Promise<MarkReadResponse> {
    return this.notifications.markRead(user, body.ids);
  }

  @RequirePermission('session.self')
  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read', description: ANYONE })
  @ApiOkResponse({ type: MarkReadResponse })
  markAllRead(@CurrentUser() user: AuthUser): Promise<MarkReadResponse> {
    return this.notifications.markRead(user, null);
  }

  @RequirePermission('session.self')
  @Get('preferences')
  @ApiOperation({
    summary: 'Show my mail choices',
    description: `${ANYONE} Every kind with its mode and whether it is mandatory (cannot be off).`,
  })
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesResponse> {
    return this.notifications.preferences(user);
  }

  @RequirePermission('session.self')
  @Put('preferences')
  @ApiOperation({
    summary: 'Change my mail choices',
    description:
      `${ANYONE} Per kind: immediate, digest (one mail a day) or off. Mandatory kinds ` +
      '(`dispatch.created`, `dispatch.ack_due`, `sla.breached`) set to off are refused with 400 naming the ' +
      'field, and nothing changes. Audited as `notification.preferences`.',
  })
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  setPreferences(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateNotificationPreferencesDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<NotificationPreferencesResponse> {
    return this.notifications.setPreferences(user, body.preferences, meta);
  }
}
