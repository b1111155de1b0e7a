using System.Collections.Concurrent;

namespace AcrNetwork.Commands;

/// <summary>
/// What tab completion read, kept for a while per key (a cloud, a registry, a credential's digest), so repeated
/// completions are instant; a failed read is kept too, so an unreadable source is not asked again at every Tab.
/// </summary>
internal sealed class CompletionCache<T>(TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, T Value)> entries = new();

    public T GetOrRead(string key, Func<T> read)
    {
        if (entries.TryGetValue(key, out var cached) && cached.Expires > DateTimeOffset.UtcNow)
        {
            return cached.Value;
        }

        T value = read();
        entries[key] = (DateTimeOffset.UtcNow + lifetime, value);
        return value;
    }
}
