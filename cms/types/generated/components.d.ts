import type { Schema, Struct } from '@strapi/strapi';

export interface MediaCaptionTrack extends Struct.ComponentSchema {
  collectionName: 'components_media_caption_tracks';
  info: {
    description: 'WebVTT captions of a video in one language.';
    displayName: 'Caption track';
  };
  attributes: {
    file: Schema.Attribute.Media<'files'> & Schema.Attribute.Required;
    language: Schema.Attribute.Enumeration<['it', 'pt', 'ro', 'lt', 'en']> &
      Schema.Attribute.Required;
  };
}

export interface ProjectFunder extends Struct.ComponentSchema {
  collectionName: 'components_project_funders';
  info: {
    description: "Who funds a project, and how the project's pages acknowledge it, as the funder's visibility rules ask: the emblem, the funding statement beside it, the programme and the disclaimer, in the language of the page.";
    displayName: 'Funder';
  };
  attributes: {
    disclaimer: Schema.Attribute.Text &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 1000;
      }>;
    emblem: Schema.Attribute.Media<'images'>;
    name: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 300;
      }>;
    programme: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 300;
      }>;
    statement: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 200;
      }>;
  };
}

export interface ResourceFile extends Struct.ComponentSchema {
  collectionName: 'components_resource_files';
  info: {
    description: 'One downloadable file of a resource, in one language.';
    displayName: 'File';
  };
  attributes: {
    format: Schema.Attribute.Enumeration<
      ['pdf', 'odt', 'docx', 'pptx', 'odp', 'mp4', 'webm']
    > &
      Schema.Attribute.Required;
    language: Schema.Attribute.Enumeration<['it', 'pt', 'ro', 'lt', 'en']> &
      Schema.Attribute.Required;
    media: Schema.Attribute.Media<'files'> & Schema.Attribute.Required;
    pages: Schema.Attribute.Integer &
      Schema.Attribute.SetMinMax<
        {
          min: 1;
        },
        number
      >;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'media.caption-track': MediaCaptionTrack;
      'project.funder': ProjectFunder;
      'resource.file': ResourceFile;
    }
  }
}
