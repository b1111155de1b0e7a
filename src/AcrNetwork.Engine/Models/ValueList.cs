using System.Collections.ObjectModel;

namespace AcrNetwork;

/// <summary>
/// The read-only list behind every list property of the output types. Its text is its items joined by "; ", so
/// Export-Csv and string conversions show the values rather than the name of a collection type.
/// </summary>
public sealed class ValueList<T> : ReadOnlyCollection<T>
{
    private ValueList(IList<T> items)
        : base(items)
    {
    }

    public static new ValueList<T> Empty { get; } = new([]);

    public static ValueList<T> From(IEnumerable<T>? items) => items switch
    {
        null => Empty,
        ValueList<T> list => list,
        _ => new(items.ToArray()),
    };

    public override string ToString() => string.Join("; ", this);
}
