from eduguard.logistics.models.fleet import GatheringPoint, SchoolGate, Vehicle
from eduguard.logistics.models.plans import ClassSlot, PlanStatus, ReturnPlan
from eduguard.logistics.models.rides import Ride, Trip

__all__ = ["ClassSlot", "GatheringPoint", "PlanStatus", "ReturnPlan", "Ride", "SchoolGate", "Trip", "Vehicle"]
