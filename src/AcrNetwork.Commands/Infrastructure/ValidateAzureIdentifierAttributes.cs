using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>Refuses at binding anything that is not a registry's ARM resource ID, and says what one looks like.</summary>
internal sealed class ValidateRegistryResourceIdAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string? explanation = RegistryNames.ExplainInvalidResourceId((arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString());
        if (explanation is not null)
        {
            throw new ValidationMetadataException(explanation);
        }
    }
}

/// <summary>Refuses at binding a subscription ID that is not a GUID (a subscription's display name is the usual mistake).</summary>
internal sealed class ValidateSubscriptionIdAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string? value = (arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString();
        if (!Guid.TryParse(value, out _))
        {
            throw new ValidationMetadataException($"'{value}' is not a subscription ID: use the subscription's GUID, e.g. (Get-AzContext).Subscription.Id or 'az account show --query id'.");
        }
    }
}

/// <summary>Refuses at binding anything that is not an AKS cluster's ARM resource ID, and says what one looks like.</summary>
internal sealed class ValidateAksClusterIdAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        string? explanation = AksClusterParser.ExplainInvalidClusterId((arguments is PSObject ps ? ps.BaseObject : arguments)?.ToString());
        if (explanation is not null)
        {
            throw new ValidationMetadataException(explanation);
        }
    }
}
