using System.Globalization;
using System.Runtime.CompilerServices;

namespace AcrNetwork;

/// <summary>
/// Where the engine tells what it does, for a person following a diagnosis: <see cref="Step"/> for the story
/// (which registry, where its configuration came from, each name, each endpoint, each rule; a cmdlet's verbose
/// stream) and <see cref="Wire"/> for the detail under it (each request, its status, headers and time; a cmdlet's
/// debug stream). Every message passes <see cref="Redaction"/>. With nobody listening a call costs a null check:
/// the interpolated message is never built.
/// </summary>
internal sealed class DiagnosisLog
{
    /// <param name="step">Told each step of the story; null when nobody listens.</param>
    /// <param name="wire">Told each wire detail; null when nobody listens.</param>
    public DiagnosisLog(Action<string>? step, Action<string>? wire)
    {
        Step = new LogChannel(step);
        Wire = new LogChannel(wire);
    }

    /// <summary>Tells nobody.</summary>
    public static DiagnosisLog None { get; } = new(null, null);

    public LogChannel Step { get; }

    public LogChannel Wire { get; }
}

/// <summary>One of the log's channels: told a message only when someone listens, and then redacted.</summary>
internal sealed class LogChannel(Action<string>? sink)
{
    public bool Enabled => sink is not null;

    public void Tell([InterpolatedStringHandlerArgument("")] ref LogMessage message)
    {
        if (sink is not null)
        {
            sink(Redaction.Text(message.ToStringAndClear()));
        }
    }
}

/// <summary>A message built only when its channel is <see cref="LogChannel.Enabled"/>: otherwise the compiler skips every hole.</summary>
[InterpolatedStringHandler]
internal ref struct LogMessage
{
    private DefaultInterpolatedStringHandler text;

    // Messages quote addresses, times and codes: the same text whatever the session's culture.
    public LogMessage(int literalLength, int formattedCount, LogChannel channel, out bool enabled) =>
        text = (enabled = channel.Enabled) ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;

    public void AppendLiteral(string value) => text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => text.AppendFormatted(value, format);

    internal string ToStringAndClear() => text.ToStringAndClear();
}
