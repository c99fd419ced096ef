package projection

// Task names of the India Pvt Ltd type (projectiontest.IndiaType), as projectiontest.WantRequest
// names them.
const (
	pan, aadhaar = "DOCUMENT_VERIFICATION/VERIFY_PAN_CARD", "DOCUMENT_VERIFICATION/VERIFY_AADHAAR"
	name, spice  = "MCA_FILING/RESERVE_NAME", "MCA_FILING/FILE_SPICE"
)
