import { API_KEY_SCOPE_PERMISSIONS, IS_PUBLIC_KEY, PERMISSION_KEY } from '@app/auth';
import { UuidParamPipe } from '@app/common';
import type { Permission } from '@app/domain';
import type { INestApplication, Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

/** What the controllers declare about one operation, keyed by its OpenAPI operationId. */
export interface RouteFacts {
  isPublic: boolean;
  permission?: Permission;
  /** A member system's API key can reach it (the key's scopes grant the permission). */
  acceptsApiKey: boolean;
  /** The class the whole query string is validated against, if any. */
  queryType?: Type<unknown>;
  /** Path parameters checked by UuidParamPipe. */
  uuidParams: string[];
}

const API_KEY_PERMISSIONS = new Set<Permission>(Object.values(API_KEY_SCOPE_PERMISSIONS).flat());

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

function argumentsOf(
  controller: Type<unknown>,
  method: string,
): [RouteParamtypes, RouteArgument][] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArgument
  >;
  return Object.entries(args).map(([key, argument]) => [
    Number(key.split(':')[0]) as RouteParamtypes,
    argument,
  ]);
}

function queryTypeOf(controller: Type<unknown>, method: string): Type<unknown> | undefined {
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ??
    []) as Type<unknown>[];
  for (const [kind, argument] of argumentsOf(controller, method)) {
    if (kind !== RouteParamtypes.QUERY || argument.data !== undefined) continue;
    const type = types[argument.index];
    if (type && type !== Object) return type;
  }
  return undefined;
}

function uuidParamsOf(controller: Type<unknown>, method: string): string[] {
  return argumentsOf(controller, method)
    .filter(
      ([kind, argument]) =>
        kind === RouteParamtypes.PARAM &&
        typeof argument.data === 'string' &&
        (argument.pipes ?? []).some(
          (pipe) => pipe === UuidParamPipe || pipe instanceof UuidParamPipe,
        ),
    )
    .map(([, argument]) => argument.data as string);
}

function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

/**
 * Read every controller's route declarations (public or permission, query
 * class) so the document can state security and validation truthfully. Works
 * in preview mode: only classes and their metadata are read.
 */
export function collectRouteFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of methodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        if (
          Reflect.getMetadata(PATH_METADATA, handler) === undefined ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        ) {
          continue;
        }
        const declared = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as
            T | undefined;
        const permission = declared<Permission>(PERMISSION_KEY);
        facts.set(`${controller.name}_${name}`, {
          isPublic: declared<boolean>(IS_PUBLIC_KEY) === true,
          permission,
          acceptsApiKey: permission !== undefined && API_KEY_PERMISSIONS.has(permission),
          queryType: queryTypeOf(controller, name),
          uuidParams: uuidParamsOf(controller, name),
        });
      }
    }
  }
  return facts;
}
