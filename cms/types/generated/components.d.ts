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
      'resource.file': ResourceFile;
    }
  }
}
