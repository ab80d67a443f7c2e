// A row of on/off chips for a multi-choice filter field.
export interface ToggleOption<T extends string> {
  value: T;
  label: string;
  title?: string;
}

interface Props<T extends string> {
  label: string;
  options: readonly ToggleOption<T>[];
  chosen: readonly T[];
  onToggle: (value: T) => void;
  testId: string;
}

export function ToggleGroup<T extends string>({ label, options, chosen, onToggle, testId }: Props<T>) {
  return (
    <div className="toggle-group" role="group" aria-label={label} data-testid={testId}>
      {options.map((option) => {
        const on = chosen.includes(option.value);
        return (
          <button
            key={option.value}
            type="button"
            className={on ? 'chip chip-on' : 'chip'}
            aria-pressed={on}
            title={option.title}
            data-value={option.value}
            onClick={() => onToggle(option.value)}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
