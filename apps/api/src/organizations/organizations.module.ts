import { Module } from '@nestjs/common';
import { TokensModule } from '../auth/tokens.module';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

/** Member organizations. Suspending one ends its users' sessions, hence the tokens. */
@Module({
  imports: [TokensModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService],
})
export class OrganizationsModule {}
