using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>Reads -Repository (<c>name[:tag]</c> or <c>name@digest</c>) at binding, so a bad reference is refused with what to type.</summary>
internal sealed class RepositoryReferenceTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject ps ? ps.BaseObject : inputData) switch
        {
            RepositoryReference reference => reference,
            string text => Parse(text),
            var other => throw new ArgumentTransformationMetadataException($"Expected a repository such as samples/hello:v1, not '{other}'."),
        };

    private static RepositoryReference Parse(string text)
    {
        try
        {
            return RepositoryReference.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}
