/**
 * Files the office drops or picks, folders included: a folder input (webkitdirectory) gives its
 * files; a drop gives entries (webkitGetAsEntry), whose folders are walked here. A browser without
 * entries still gives the dropped files themselves.
 */
function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  // readEntries gives at most about 100 entries a call: read until it gives none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) out.push(await fileOf(entry as FileSystemFileEntry));
  else if (entry.isDirectory) for (const child of await readAll(entry as FileSystemDirectoryEntry)) await walk(child, out);
}

export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = Array.from(data.items).map((item) => (item.kind === 'file' && item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((e) => e === null)) return Array.from(data.files);
  const out: File[] = [];
  for (const entry of entries) if (entry) await walk(entry, out);
  return out;
}

/** Wires a drop zone and its inputs to `receive`. */
export function acceptFiles(zone: HTMLElement, inputs: readonly HTMLInputElement[], receive: (files: File[]) => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer) void droppedFiles(e.dataTransfer).then(receive);
  });
  for (const input of inputs)
    input.addEventListener('change', () => {
      const files = input.files ? Array.from(input.files) : [];
      input.value = '';
      if (files.length > 0) receive(files);
    });
}
