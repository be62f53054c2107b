import { can } from '../../auth/session';
import type { Area } from '../areas';
import './auditor.css';
import { lazyPage } from '../../components/lazy-page';

const CheckpointsPage = lazyPage(() => import('./checkpoints-page'), 'CheckpointsPage');
const EventsPage = lazyPage(() => import('./events-page'), 'EventsPage');
const VerifyPage = lazyPage(() => import('./verify-page'), 'VerifyPage');

const auditReader = (user: Parameters<typeof can>[0]) => can(user, 'audit.read');

/**
 * The audit trail, for auditors (and platform administrators): search the
 * events, verify the chain, read and request signed checkpoints. Read-only,
 * except that verifying, exporting and requesting a checkpoint are audited.
 */
export const auditorArea: Area = {
  routes: [
    { path: 'audit', element: <EventsPage /> },
    { path: 'audit/verify', element: <VerifyPage /> },
    { path: 'audit/checkpoints', element: <CheckpointsPage /> },
  ],
  nav: [
    { to: '/audit', label: 'Audit events', visible: auditReader, end: true },
    { to: '/audit/verify', label: 'Verify', visible: auditReader },
    { to: '/audit/checkpoints', label: 'Checkpoints', visible: auditReader },
  ],
};
