import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** One search over what each role may see (see docs/console.md, "Search"). */
@Module({
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
