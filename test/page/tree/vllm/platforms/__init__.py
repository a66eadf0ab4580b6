"""The platform is found by probing the machine when first used."""

current_platform = None
