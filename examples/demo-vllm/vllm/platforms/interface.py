"""What every platform answers: the device's compute capability and the checks built on it."""

from typing import NamedTuple

import torch


class DeviceCapability(NamedTuple):
    major: int
    minor: int

    def to_int(self) -> int:
        return self.major * 10 + self.minor


class Platform:
    device_name: str = "unknown"

    def is_cuda(self) -> bool:
        return False

    @classmethod
    def get_device_capability(cls, device_id: int = 0) -> DeviceCapability:
        major, minor = torch.cuda.get_device_capability(device_id)
        return DeviceCapability(major=major, minor=minor)

    @classmethod
    def has_device_capability(cls, capability: int, device_id: int = 0) -> bool:
        return cls.get_device_capability(device_id).to_int() >= capability

    @classmethod
    def is_device_capability(cls, capability: int, device_id: int = 0) -> bool:
        return cls.get_device_capability(device_id).to_int() == capability

    @classmethod
    def is_device_capability_family(cls, capability: int, device_id: int = 0) -> bool:
        return cls.get_device_capability(device_id).to_int() // 10 == capability // 10
