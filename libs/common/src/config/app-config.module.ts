import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  ConfigurationError,
  redisTargetOf,
  type Environment,
  type RedisTarget,
} from './environment';

/**
 * Typed, validated configuration, read once at process start and injected
 * wherever a setting is needed: `config.get('PORT')` is a number.
 */
export class AppConfig {
  constructor(private readonly env: Readonly<Environment>) {}

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.env[key];
  }

  /** How to reach Redis: REDIS_URL, or the sentinels of REDIS_SENTINELS. */
  redisTarget(): RedisTarget {
    return redisTargetOf(this.env);
  }

  /** A setting this process cannot run without (optional for others). */
  require<K extends keyof Environment>(key: K): NonNullable<Environment[K]> {
    const value = this.env[key];
    if (value === undefined || value === null) throw new ConfigurationError([`${key} is required`]);
    return value;
  }
}

/**
 * Built from an Environment that was validated before Nest boots, so a bad
 * variable stops the process before any module starts (and tests can pass a
 * configuration of their own).
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: Environment): DynamicModule {
    const config = new AppConfig(Object.freeze({ ...env }));
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
