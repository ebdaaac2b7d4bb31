from workorders.models import WorkOrder


def work_order_for_update(pk):
    return WorkOrder.objects.select_for_update().select_related("vessel").get(pk=pk)
