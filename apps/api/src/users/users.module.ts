import { Module } from '@nestjs/common';
import { TokensModule } from '../auth/tokens.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users of an organization. Deactivating one or changing roles ends sessions. */
@Module({
  imports: [TokensModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
