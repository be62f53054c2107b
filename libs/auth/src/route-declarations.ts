import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Permission } from '@app/domain';
import { IS_PUBLIC_KEY, PERMISSION_KEY } from './decorators';

export interface RouteDeclaration {
  controller: string;
  handler: string;
  method: string;
  path: string;
  isPublic: boolean;
  permission?: Permission;
}

function joinPath(...parts: (string | string[] | undefined)[]): string {
  const segs = parts
    .flatMap((p) => (Array.isArray(p) ? p[0] : p))
    .filter((p): p is string => typeof p === 'string' && p.length > 0 && p !== '/')
    .map((p) => p.replace(/^\/+|\/+$/g, ''));
  return `/${segs.join('/')}`;
}

/** Every route the app's controllers register, with what it declares about access. */
export function listRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): RouteDeclaration[] {
  const routes: RouteDeclaration[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
    if (!instance || !type) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const targets = [handler, type];
      routes.push({
        controller: type.name,
        handler: name,
        method: RequestMethod[method],
        path: joinPath(base, path),
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true,
        permission: reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets),
      });
    }
  }
  return routes;
}

/** Routes that declare neither @Public() nor @RequirePermission(); must be empty. */
export function undeclaredRoutes(routes: RouteDeclaration[]): RouteDeclaration[] {
  return routes.filter((r) => !r.isPublic && !r.permission);
}
