using System.Collections;

namespace AcrNetwork.Commands;

/// <summary>Completes -Repository with the repositories in the named registry's catalog (see <see cref="RepositoryCompletionSource"/>).</summary>
internal sealed class RepositoryNameCompleter : ValueCompleter
{
    private protected override IEnumerable<string> Values(IDictionary fakeBoundParameters) =>
        RepositoryCompletionSource.Repositories(fakeBoundParameters).Order(StringComparer.OrdinalIgnoreCase);
}
