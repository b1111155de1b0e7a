namespace AcrNetwork.Tests;

public class ThrottleTests
{
    [Fact]
    public async Task GivesResultsInTheOrderOfTheItemsWhateverOrderTheyFinishIn()
    {
        // The first item finishes last: it still comes first.
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        Task<List<int>> results = CollectAsync(Throttle.InOrderAsync(Enumerable.Range(0, 4), 4, i => gates[i].Task, CancellationToken.None));
        foreach (int i in new[] { 3, 1, 2, 0 })
        {
            gates[i].SetResult(i * 10);
        }

        Assert.Equal([0, 10, 20, 30], await results);
    }

    [Fact]
    public async Task RunsNoMoreThanTheLimitAtOnce()
    {
        int running = 0, most = 0;
        List<int> results = await CollectAsync(Throttle.InOrderAsync(Enumerable.Range(0, 12), 3, async i =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None));

        Assert.Equal(Enumerable.Range(0, 12), results);
        Assert.Equal(3, most);
    }

    private static async Task<List<int>> CollectAsync(IAsyncEnumerable<int> items)
    {
        var list = new List<int>();
        await foreach (int item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
