using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AcrNetwork.Tests.Properties;

/// <summary>
/// Runs one property with FsCheck and writes how many cases it ran to the test's output
/// (the build prints these lines after the xUnit run), so a run that checked nothing shows.
/// </summary>
internal static class PropertyRun
{
    public const string OutputPrefix = "Property ";

    public static void Check<T>(ITestOutputHelper output, string name, Gen<T> inputs, Action<T> property, int cases = 1000)
    {
        int ran = 0;
        Prop.ForAll(inputs.ToArbitrary(), (T input) =>
            {
                Interlocked.Increment(ref ran);
                property(input);
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true).WithName(name));

        // Shrinking may run more cases than asked; fewer would mean the property was not really checked.
        Assert.True(ran >= cases, $"{name} ran {ran} of {cases} cases.");
        output.WriteLine($"{OutputPrefix}{name}: {ran} cases passed");
    }
}
