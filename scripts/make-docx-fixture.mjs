// Writes tests/fixtures/articles/<name>.docx from <name>.txt: the first paragraph as the
// document's title, the others as body paragraphs. A .docx is a zip of XML parts; this writes the
// parts a word processor needs, stored with deflate, so the fixture is built from the text it must
// match and no binary is edited by hand.
//
//   node scripts/make-docx-fixture.mjs [name]      (default: noaa-stormready-2000)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A zip archive of the given files, every entry deflated.
 * @param {Record<string, string | Uint8Array>} files
 * @returns {Buffer}
 */
export function zip(files) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const [path, content] of Object.entries(files)) {
		const name = Buffer.from(path, 'utf8');
		const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
		const packed = deflateRawSync(data);
		const crc = crc32(data);
		// Fixed time (1 January 2000) so the same text always gives the same bytes.
		const time = 0;
		const date = ((2000 - 1980) << 9) | (1 << 5) | 1;

		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed
		local.writeUInt16LE(0x0800, 6); // names are UTF-8
		local.writeUInt16LE(8, 8); // deflate
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(packed.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		locals.push(local, name, packed);

		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4); // made by
		central.writeUInt16LE(20, 6); // version needed
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(8, 10);
		central.writeUInt16LE(time, 12);
		central.writeUInt16LE(date, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(packed.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		centrals.push(central, name);

		offset += local.length + name.length + packed.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(centrals.length / 2, 8);
	end.writeUInt16LE(centrals.length / 2, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

/** @param {string} s */
const escapeXml = (s) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/**
 * A Word document whose first paragraph is styled as its title.
 * @param {string[]} paragraphs
 * @returns {Buffer}
 */
export function docx(paragraphs) {
	const body = paragraphs
		.map((text, i) => {
			const style = i === 0 ? '<w:pPr><w:pStyle w:val="Title"/></w:pPr>' : '';
			return `<w:p>${style}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
		})
		.join('');
	return zip({
		'[Content_Types].xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
			'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
			'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
			'<Default Extension="xml" ContentType="application/xml"/>' +
			'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
			'<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
			'<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
			'</Types>',
		'_rels/.rels':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
			'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
			'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
			'</Relationships>',
		'docProps/core.xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
			'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
			`<dc:title>${escapeXml(paragraphs[0] ?? '')}</dc:title>` +
			'</cp:coreProperties>',
		'word/_rels/document.xml.rels':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
			'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
			'</Relationships>',
		'word/styles.xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
			`<w:styles xmlns:w="${W}">` +
			'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
			'<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>' +
			'<w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>' +
			'</w:styles>',
		'word/document.xml':
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
			`<w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const name = process.argv[2] ?? 'noaa-stormready-2000';
	const folder = new URL('../tests/fixtures/articles/', import.meta.url);
	const text = readFileSync(new URL(`${name}.txt`, folder), 'utf8');
	const paragraphs = text
		.split(/\n\s*\n/)
		.map((p) => p.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
	writeFileSync(new URL(`${name}.docx`, folder), docx(paragraphs));
	console.log(`wrote tests/fixtures/articles/${name}.docx (${paragraphs.length} paragraphs)`);
}
