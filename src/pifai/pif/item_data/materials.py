"""Materials of containers and closures, shared by stability (item 11) and packaging (15).

Families group materials the way SPEC §11 R8 reasons about them: metal, glass and
silicone are the special materials a product must be stability-tested in.
"""

from __future__ import annotations

from enum import StrEnum


class MaterialFamily(StrEnum):
    PLASTIC = "plastic"
    METAL = "metal"
    GLASS = "glass"
    SILICONE = "silicone"
    OTHER = "other"


class ContainerMaterial(StrEnum):
    PET = "pet"
    PETG = "petg"
    PP = "pp"
    PE = "pe"
    HDPE = "hdpe"
    LDPE = "ldpe"
    PS = "ps"
    SAN = "san"
    ABS = "abs"
    PMMA = "pmma"
    PVC = "pvc"
    OTHER_PLASTIC = "other_plastic"
    GLASS = "glass"
    ALUMINIUM = "aluminium"
    TINPLATE = "tinplate"
    STAINLESS_STEEL = "stainless_steel"
    OTHER_METAL = "other_metal"
    SILICONE = "silicone"
    RUBBER = "rubber"
    PAPER = "paper"
    CERAMIC = "ceramic"
    OTHER = "other"


_FAMILIES: dict[ContainerMaterial, MaterialFamily] = {
    ContainerMaterial.GLASS: MaterialFamily.GLASS,
    ContainerMaterial.ALUMINIUM: MaterialFamily.METAL,
    ContainerMaterial.TINPLATE: MaterialFamily.METAL,
    ContainerMaterial.STAINLESS_STEEL: MaterialFamily.METAL,
    ContainerMaterial.OTHER_METAL: MaterialFamily.METAL,
    ContainerMaterial.SILICONE: MaterialFamily.SILICONE,
    ContainerMaterial.RUBBER: MaterialFamily.OTHER,
    ContainerMaterial.PAPER: MaterialFamily.OTHER,
    ContainerMaterial.CERAMIC: MaterialFamily.OTHER,
    ContainerMaterial.OTHER: MaterialFamily.OTHER,
}


def family(material: ContainerMaterial) -> MaterialFamily:
    """Every material not listed above is a plastic."""
    return _FAMILIES.get(material, MaterialFamily.PLASTIC)
