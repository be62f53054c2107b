import type { Area } from '../areas';

export const coordinatorArea: Area = { routes: [], nav: [] };
