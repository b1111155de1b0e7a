using System.Runtime.CompilerServices;

namespace AcrNetwork;

/// <summary>
/// Many pieces of work at once, at most a given number running at a time: each starts as soon as a slot is free, and
/// the results come back in the order of the items, each as soon as it and those before it are done.
/// </summary>
internal static class Throttle
{
    public static async IAsyncEnumerable<TResult> InOrderAsync<TItem, TResult>(
        IEnumerable<TItem> items, int limit, Func<TItem, Task<TResult>> work, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, limit));
        List<Task<TResult>> running = items.Select(async item =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(item).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        foreach (Task<TResult> result in running)
        {
            yield return await result.ConfigureAwait(false);
        }
    }
}
