import type { Core } from '@strapi/strapi';
import { PUBLIC_TYPES } from '../bootstrap/permissions';

/** The content partners write for their own organisation. */
export const PARTNER_TYPES = [
  'api::workshop-report.workshop-report',
  'api::resource.resource',
  'api::spot-video.spot-video',
  'api::good-practice.good-practice',
] as const;

export const PARTNER_EDITOR = 'praxis-partner-editor';
export const COORDINATOR = 'praxis-coordinator';

/** The RBAC condition that limits a partner editor to the content of their own organisation. */
export const OWN_ORGANISATION_CONDITION = 'api::own-organisation';

/** The RBAC condition that limits a partner editor to the files of their own organisation (`uploads/ownership.ts`). */
export const ORGANISATION_FILES_CONDITION = 'api::organisation-files';

/** Whether an admin user is only a partner editor (not also a coordinator or super admin). */
export function isPartnerEditorOnly(user: { roles?: Array<{ code: string }> }): boolean {
  const codes = (user.roles ?? []).map((role) => role.code);
  return codes.includes(PARTNER_EDITOR) && !codes.some((code) => code === COORDINATOR || code === 'strapi-super-admin');
}

/** The RBAC condition that shows a partner editor the registrations of their organisation's webinars only. */
export const ORGANISES_WEBINAR_CONDITION = 'api::organises-webinar';

const REGISTRATION = 'api::registration.registration';

/**
 * Organisers see every field of a registration and change one: attendance. (Registrations are
 * made by the public API; erasure is the registrant's, or the retention date's.)
 */
function registrationPermissions(conditions: string[]): PermissionInput[] {
  const readable = [
    'webinarDocumentId',
    'state',
    'name',
    'email',
    'emailKey',
    'organisationName',
    'jobRole',
    'region',
    'language',
    'timeZone',
    'accessibilityNeeds',
    'consentAt',
    'consentVersion',
    'attended',
    'cancelledAt',
    'erasedAt',
  ];
  return [
    { action: `${EXPLORER}.read`, subject: REGISTRATION, properties: { fields: readable }, conditions },
    { action: `${EXPLORER}.update`, subject: REGISTRATION, properties: { fields: ['attended'] }, conditions },
  ];
}

const EXPLORER = 'plugin::content-manager.explorer';
const UPLOAD_ACTIONS = [
  'plugin::upload.read',
  'plugin::upload.assets.create',
  'plugin::upload.assets.update',
  'plugin::upload.assets.download',
  'plugin::upload.assets.copy-link',
];
/** The upload actions that act on an existing file, and so take the organisation-files condition for partners. */
const FILE_ACTIONS = new Set(UPLOAD_ACTIONS.filter((action) => action !== 'plugin::upload.assets.create'));

interface PermissionInput {
  action: string;
  subject?: string | null;
  properties?: Record<string, unknown>;
  conditions?: string[];
}

/** Permissions for every field (nested component fields included) of the given types, in every locale. */
function contentPermissions(strapi: Core.Strapi, action: string, subjects: readonly string[], locales: string[], conditions: string[] = []): PermissionInput[] {
  // The registered action carries the options that say whether it applies to fields and locales.
  const registered = strapi.service('admin::permission').actionProvider.get(action) as Record<string, unknown>;
  const withFields = strapi.service('admin::content-type').getPermissionsWithNestedFields([{ ...registered, subjects: [...subjects] }]) as PermissionInput[];
  return withFields.map((permission) => ({
    action: permission.action,
    subject: permission.subject,
    properties: { ...permission.properties, locales },
    conditions,
  }));
}

/**
 * The same permissions without the private fields of their type (an organisation's editors, a
 * webinar's join link): partners read what their work needs, and those are not part of it.
 */
function withoutPrivateFields(strapi: Core.Strapi, permissions: PermissionInput[]): PermissionInput[] {
  return permissions.map((permission) => {
    const attributes = permission.subject
      ? (strapi.getModel(permission.subject as never) as unknown as { attributes: Record<string, { private?: boolean }> }).attributes
      : {};
    const fields = permission.properties?.fields as string[] | undefined;
    if (!fields) return permission;
    return { ...permission, properties: { ...permission.properties, fields: fields.filter((field) => !attributes[field.split('.')[0]!]?.private) } };
  });
}

/**
 * Creates the two editorial roles and sets their permissions, in code, at every start:
 * - Partner editor: creates and edits the reports, resources, videos and good practices of their
 *   own organisation (RBAC condition, and the server-side guard in `guard.ts`), reads the rest (private fields left out),
 *   uploads files and changes only its organisation’s files (`uploads/ownership.ts`); never publishes.
 * - Coordinator: reviews and publishes everything.
 */
export async function syncEditorialRoles(strapi: Core.Strapi, locales: string[]): Promise<void> {
  const roles = strapi.service('admin::role');
  const ensure = async (code: string, name: string, description: string) =>
    ((await roles.findOne({ code })) as { id: number } | null) ?? ((await roles.create({ code, name, description })) as { id: number });

  const partner = await ensure(PARTNER_EDITOR, 'Partner editor', 'Creates and edits the content of their own organisation, in its languages. Cannot publish.');
  await roles.assignPermissions(partner.id, [
    ...contentPermissions(strapi, `${EXPLORER}.create`, PARTNER_TYPES, locales, [OWN_ORGANISATION_CONDITION]),
    ...contentPermissions(strapi, `${EXPLORER}.update`, PARTNER_TYPES, locales, [OWN_ORGANISATION_CONDITION]),
    ...contentPermissions(strapi, `${EXPLORER}.delete`, PARTNER_TYPES, locales, [OWN_ORGANISATION_CONDITION]).map(({ properties, ...rest }) => ({
      ...rest,
      properties: { locales: properties?.locales },
    })),
    ...withoutPrivateFields(strapi, contentPermissions(strapi, `${EXPLORER}.read`, PUBLIC_TYPES, locales)),
    ...registrationPermissions([ORGANISES_WEBINAR_CONDITION]),
    ...UPLOAD_ACTIONS.map((action) => ({ action, subject: null, properties: {}, conditions: FILE_ACTIONS.has(action) ? [ORGANISATION_FILES_CONDITION] : [] })),
  ]);

  const coordinator = await ensure(COORDINATOR, 'Coordinator', 'Reviews and publishes the content of every organisation.');
  await roles.assignPermissions(coordinator.id, [
    ...(['create', 'read', 'update'] as const).flatMap((action) => contentPermissions(strapi, `${EXPLORER}.${action}`, PUBLIC_TYPES, locales)),
    ...(['delete', 'publish'] as const).flatMap((action) =>
      contentPermissions(strapi, `${EXPLORER}.${action}`, PUBLIC_TYPES, locales).map(({ properties, ...rest }) => ({
        ...rest,
        properties: { locales: properties?.locales },
      })),
    ),
    ...registrationPermissions([]),
    ...[...UPLOAD_ACTIONS, 'plugin::upload.configure-view', 'plugin::upload.settings.read'].map((action) => ({
      action,
      subject: null,
      properties: {},
      conditions: [],
    })),
  ]);
}
