import { can } from '../../auth/session';
import type { Area } from '../areas';
import './admin.css';
import { RequirePermission } from './common';
import { lazyPage } from '../../components/lazy-page';

const AgenciesPage = lazyPage(() => import('./agencies-page'), 'AgenciesPage');
const JurisdictionsPage = lazyPage(() => import('./jurisdictions-page'), 'JurisdictionsPage');
const MyOrganizationPage = lazyPage(() => import('./my-organization-page'), 'MyOrganizationPage');
const OrganizationPage = lazyPage(() => import('./organization-page'), 'OrganizationPage');
const OrganizationsPage = lazyPage(() => import('./organizations-page'), 'OrganizationsPage');
const RetentionPage = lazyPage(() => import('./retention-page'), 'RetentionPage');

/**
 * The platform administrator's pages (organizations and their users, agencies,
 * jurisdictions, the retention dry run) and a member administrator's own
 * organization (users, API keys).
 */
export const adminArea: Area = {
  routes: [
    {
      path: 'admin/organizations',
      element: (
        <RequirePermission permission="organizations.manage">
          <OrganizationsPage />
        </RequirePermission>
      ),
    },
    {
      path: 'admin/organizations/:id',
      element: (
        <RequirePermission permission="organizations.manage">
          <OrganizationPage />
        </RequirePermission>
      ),
    },
    {
      path: 'admin/agencies',
      element: (
        <RequirePermission permission="reference.manage">
          <AgenciesPage />
        </RequirePermission>
      ),
    },
    {
      path: 'admin/jurisdictions',
      element: (
        <RequirePermission permission="reference.manage">
          <JurisdictionsPage />
        </RequirePermission>
      ),
    },
    {
      path: 'admin/retention',
      element: (
        <RequirePermission permission="retention.read">
          <RetentionPage />
        </RequirePermission>
      ),
    },
    {
      path: 'organization',
      element: (
        <RequirePermission permission="users.manage">
          <MyOrganizationPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [
    {
      to: '/admin/organizations',
      label: 'Organizations',
      visible: (user) => can(user, 'organizations.manage'),
    },
    { to: '/admin/agencies', label: 'Agencies', visible: (user) => can(user, 'reference.manage') },
    {
      to: '/admin/jurisdictions',
      label: 'Jurisdictions',
      visible: (user) => can(user, 'reference.manage'),
    },
    { to: '/admin/retention', label: 'Retention', visible: (user) => can(user, 'retention.read') },
    {
      to: '/organization',
      label: 'My organization',
      visible: (user) => can(user, 'users.manage') && !can(user, 'organizations.manage'),
    },
  ],
};
