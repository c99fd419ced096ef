import { Button, FileButton } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';

interface ImportDefinitionButtonProps {
  onFile: (name: string, text: string) => void;
  loading?: boolean;
}

/** ImportDefinitionButton picks a .json file and hands over its text. */
export function ImportDefinitionButton({ onFile, loading }: ImportDefinitionButtonProps) {
  return (
    <FileButton
      accept="application/json,.json"
      onChange={async (file) => {
        if (file) onFile(file.name, await file.text());
      }}
    >
      {(props) => (
        <Button {...props} variant="default" loading={loading} leftSection={<IconFileImport size={16} aria-hidden />}>
          Import JSON file…
        </Button>
      )}
    </FileButton>
  );
}
