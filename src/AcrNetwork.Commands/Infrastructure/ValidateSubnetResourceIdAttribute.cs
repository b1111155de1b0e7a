using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>Refuses at binding anything that is not a subnet's ARM resource ID, and says what one looks like.</summary>
internal sealed class ValidateSubnetResourceIdAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string? explanation = ArmClientNetworkReader.ExplainInvalidSubnetId((arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString());
        if (explanation is not null)
        {
            throw new ValidationMetadataException(explanation);
        }
    }
}
