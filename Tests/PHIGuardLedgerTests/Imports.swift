// The audit ledger tests; shared helpers live in TestSupport.swift.
import PHIGuardLedger
