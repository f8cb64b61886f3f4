/** Targeted questions on the long real documents in fixtures/, with answers quoted from them. */
export interface DocumentQuestion {
  /** What an agent would pass as `query`, both to compress and to retrieve. */
  query: string;
  expect: string[];
}

export const DOCUMENT_QUESTIONS: Record<string, DocumentQuestion[]> = {
  'man-tar.txt': [
    { query: 'exclude files matching a pattern', expect: ['--exclude=PATTERN'] },
    { query: 'list the contents of an archive', expect: ['-t, --list'] },
    { query: 'filter the archive through gzip', expect: ['-z, --gzip'] },
    { query: 'strip leading path components on extraction', expect: ['--strip-components=NUMBER'] },
    { query: 'change to directory before operating', expect: ['-C, --directory=DIR'] },
  ],
  'spec-dpkg-triggers.txt': [
    { query: 'what is a dpkg trigger', expect: ['A dpkg trigger is a facility'] },
    { query: 'which package activates a trigger', expect: ['A trigger is always activated by a particular package.'] },
    { query: 'characters allowed in trigger names', expect: ['Trigger names contain only printing 7-bit ascii characters'] },
    { query: 'packages in config-files or not-installed state await triggers', expect: ['do not await triggers'] },
  ],
  'readme-long.md': [
    { query: 'install ajv with npm', expect: ['npm install ajv'] },
    { query: 'remove additional properties option', expect: ['removeAdditional'] },
    { query: 'report all errors not just the first', expect: ['allErrors'] },
  ],
  'rustdoc-unstable-features.html': [
    { query: 'output format json', expect: ['--output-format'] },
    { query: 'exclude certain dependencies from documentation', expect: ['Exclude certain dependencies from documentation'] },
    { query: 'document keywords', expect: ['Document keywords'] },
  ],
};
