import { listRoutes, undeclaredRoutes } from '@app/auth';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

/**
 * Refuse to start if any route declares neither @Public() nor
 * @RequirePermission(). The guards already deny such a route; this makes the
 * mistake impossible to ship.
 */
@Injectable()
export class RouteDeclarationsCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = undeclaredRoutes(listRoutes(this.discovery, this.scanner, this.reflector));
    if (missing.length > 0) {
      const list = missing
        .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)
        .join(', ');
      throw new Error(`Routes without @Public() or @RequirePermission(): ${list}`);
    }
  }
}
