using System.Collections;

namespace AcrNetwork.Commands;

/// <summary>Completes -Name with the registries the module's credential can see (see <see cref="RegistryCompletionSource"/>).</summary>
internal sealed class RegistryNameCompleter : ValueCompleter
{
    private protected override IEnumerable<string> Values(IDictionary fakeBoundParameters) =>
        RegistryCompletionSource.Registries(fakeBoundParameters)
            .Select(r => r.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase);
}
