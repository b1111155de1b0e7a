using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>Refuses at binding anything that is not a registry name, and says what was meant.</summary>
internal sealed class ValidateRegistryNameAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string? name = (arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString();
        string? explanation = RegistryNames.ExplainInvalidName(name);
        if (explanation is not null)
        {
            throw new ValidationMetadataException(explanation);
        }
    }
}
