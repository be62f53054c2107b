import type { Area } from '../areas';

export const adminArea: Area = { routes: [], nav: [] };
